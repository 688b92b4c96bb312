import type { GqlContext } from '../../kernel/graphql/context';
import { Role } from '../../kernel/auth/permissions';
import { unauthenticated } from '../../kernel/common/errors';
import { signToken } from '../../kernel/auth/tokens';
import { SIGN_IN } from '../../kernel/auth/auth-checker';
import { getPartner } from '../partners/partner.service';
import { Partner, PartnerKind } from '../partners/partner.entity';
import { portalLink } from './portal-link';
import './portal.context';

/** The caller as its token says: subject, role, the partner it acts for, when the token expires. */
export async function whoAmI(ctx: GqlContext) {
  if (!ctx.actor) throw unauthenticated(SIGN_IN);
  const partner = ctx.actor.partnerId ? await ctx.em.findOne(Partner, ctx.actor.partnerId) : null;
  return {
    subject: ctx.actor.subject,
    role: ctx.actor.role,
    partner,
    expiresAt: ctx.tokenExpiresAt ? new Date(ctx.tokenExpiresAt * 1000) : null,
  };
}

/** A link that signs one supplier or customer in to the portal, as its own partner role, for `days`. */
export async function createPortalAccess(ctx: GqlContext, partnerId: string, days: number) {
  const partner = await getPartner(ctx, partnerId);
  const role = partner.kind === PartnerKind.SUPPLIER ? Role.supplier : Role.customer;
  const token = signToken(ctx.portal.jwt, { subject: `portal:${partner.code}`, role, partnerId: partner.id }, `${days}d`);
  return { url: portalLink(ctx.portal.publicUrl, token), token, expiresAt: new Date(Date.now() + days * 86_400_000) };
}
