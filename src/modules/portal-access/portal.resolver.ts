import { Arg, Authorized, Ctx, Field, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { Max, Min } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { Role } from '../../kernel/auth/permissions';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { getOrFail } from '../../kernel/db/lookup';
import { unauthenticated } from '../../kernel/common/errors';
import { signToken } from '../../kernel/auth/tokens';
import { portalLink } from './portal-link';
import './portal.context';
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
  async me(@Ctx() ctx: GqlContext): Promise<Me> {
    if (!ctx.actor) throw unauthenticated('Sign in: send "Authorization: Bearer <token>"');
    const partner = ctx.actor.partnerId ? await ctx.em.findOne(Partner, ctx.actor.partnerId) : null;
    return {
      subject: ctx.actor.subject,
      role: ctx.actor.role,
      partner,
      expiresAt: ctx.tokenExpiresAt ? new Date(ctx.tokenExpiresAt * 1000) : null,
    };
  }

  @Authorized(PortalAccessPermission.PortalAdmin)
  @Mutation(() => PortalAccess, { description: 'An access link to the portal for one supplier or customer' })
  async createPortalAccess(@Ctx() ctx: GqlContext, @Arg('input', () => PortalAccessInput) input: PortalAccessInput): Promise<PortalAccess> {
    const partner = await getOrFail(ctx.em, Partner, input.partnerId, 'Partner');
    const role = partner.kind === PartnerKind.SUPPLIER ? Role.supplier : Role.customer;
    const token = signToken(ctx.portal.jwt, { subject: `portal:${partner.code}`, role, partnerId: partner.id }, `${input.days}d`);
    return {
      url: portalLink(ctx.portal.publicUrl, token),
      token,
      expiresAt: new Date(Date.now() + input.days * 86_400_000),
    };
  }
}
