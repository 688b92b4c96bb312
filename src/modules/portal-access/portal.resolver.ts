import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { Role } from '../../kernel/auth/permissions';
import { Partner } from '../partners/partner.entity';
import { createPortalAccess, whoAmI } from './portal-access.service';
import { PortalAccessPermission } from './portal.permissions';

@ObjectType({ description: 'Who the token belongs to' })
class Me {
  @Field() subject!: string;
  @Field(() => Role) role!: Role;
  @Field(() => Partner, { nullable: true, description: 'The partner a supplier or customer acts for' }) partner!: Partner | null;
  @Field(() => Date, { nullable: true }) expiresAt!: Date | null;
}

@InputType()
class PortalAccessInput {
  @Field(() => ID) partnerId!: string;
  @Field(() => Int, { defaultValue: 30, description: 'How long the link works, in days (1–365)' }) @Min(1) @Max(365) days!: number;
}

@ObjectType()
class PortalAccess {
  @Field({ description: 'Send this link to the partner; it signs them in to the portal' }) url!: string;
  @Field() token!: string;
  @Field() expiresAt!: Date;
}

@Resolver()
export class PortalResolver {
  @Query(() => Me, { description: 'The caller: role, partner, when the token expires' })
  me(@Ctx() ctx: GqlContext): Promise<Me> {
    return whoAmI(ctx);
  }

  @Authorized(PortalAccessPermission.PortalAdmin)
  @Mutation(() => PortalAccess, { description: 'An access link to the portal for one supplier or customer' })
  createPortalAccess(@Ctx() ctx: GqlContext, @Arg('input', () => PortalAccessInput) input: PortalAccessInput): Promise<PortalAccess> {
    return createPortalAccess(ctx, input.partnerId, input.days);
  }
}
