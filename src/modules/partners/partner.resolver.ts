import { Arg, Args, Authorized, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Query, Resolver, Root } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs } from '../../kernel/graphql/connection';
import { loadExternalRefs } from '../../kernel/graphql/loaders';
import { ExternalRef } from '../../kernel/external-refs/external-ref';
import { Partner } from './partner.entity';
import * as partners from './partner.service';
import { CreatePartnerInput, PartnerFilter } from './dto/partner.inputs';
import { PartnersPermission } from './partner.permissions';
import type { Row } from '../../kernel/graphql/read-plan/planned-row';

const PartnerConnection = ConnectionType(Partner);

@ObjectType()
class PartnerPayload {
  @Field(() => Partner) partner!: Partner;
}

@Resolver(() => Partner)
export class PartnerResolver {
  @Authorized(PartnersPermission.PartnersRead)
  @Query(() => Partner)
  partner(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return partners.getPartner(ctx, id);
  }

  @Authorized(PartnersPermission.PartnersRead)
  @Query(() => PartnerConnection)
  partners(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PartnerFilter, { nullable: true }) filter?: PartnerFilter,
  ) {
    return partners.listPartners(ctx, filter, page);
  }

  @Authorized(PartnersPermission.PartnersWrite)
  @Mutation(() => PartnerPayload)
  async createPartner(@Ctx() ctx: GqlContext, @Arg('input', () => CreatePartnerInput) input: CreatePartnerInput) {
    return { partner: await partners.createPartner(ctx, input) };
  }

  @Authorized(PartnersPermission.PartnersRead)
  @FieldResolver(() => [ExternalRef], { description: 'Where it comes from: system and id there' })
  externalRefs(@Ctx() ctx: GqlContext, @Root() partner: Row<Partner>) {
    return loadExternalRefs(ctx, 'Partner', partner.id);
  }
}
