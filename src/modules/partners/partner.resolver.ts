import { Arg, Args, Authorized, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import type { GqlContext } from '../../kernel/graphql/context';
import { ConnectionType, PageArgs, paginate } from '../../kernel/graphql/connection';
import { Permission } from '../../kernel/auth/permissions';
import { getOrFail } from '../../kernel/common/lookup';
import { Partner, PartnerKind } from './partner.entity';
import { createPartner } from './partner.service';
import { CreatePartnerInput } from './dto/partner.inputs';

const PartnerConnection = ConnectionType(Partner);

@InputType()
class PartnerFilter {
  @Field(() => PartnerKind, { nullable: true }) kind?: PartnerKind;
}

@ObjectType() class PartnerPayload { @Field(() => Partner) partner!: Partner; }

@Resolver(() => Partner)
export class PartnerResolver {
  @Authorized(Permission.PartnersRead)
  @Query(() => Partner)
  partner(@Ctx() ctx: GqlContext, @Arg('id', () => ID) id: string) {
    return getOrFail(ctx.em, Partner, id, 'Partner');
  }

  @Authorized(Permission.PartnersRead)
  @Query(() => PartnerConnection)
  partners(
    @Ctx() ctx: GqlContext,
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => PartnerFilter, { nullable: true }) filter?: PartnerFilter,
  ) {
    return paginate(ctx.em, Partner, filter?.kind ? { kind: filter.kind } : {}, page, { code: 'asc', id: 'asc' });
  }

  @Authorized(Permission.PartnersWrite)
  @Mutation(() => PartnerPayload)
  async createPartner(@Ctx() ctx: GqlContext, @Arg('input', () => CreatePartnerInput) input: CreatePartnerInput) {
    return { partner: await createPartner(ctx, input) };
  }
}
