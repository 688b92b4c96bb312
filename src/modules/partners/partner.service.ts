import type { Ctx } from '../../kernel/unit-of-work/context';
import { inTransaction, record } from '../../kernel/unit-of-work/transaction';
import { conflict } from '../../kernel/common/errors';
import { linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import { Partner } from './partner.entity';
import type { CreatePartnerInput, PartnerFilter } from './dto/partner.inputs';
import { getOrFail } from '../../kernel/db/lookup';
import { paginate, type PageArgs } from '../../kernel/graphql/connection';
import { PartnerEvent } from './partner.events';

export async function createPartner(ctx: Ctx, input: CreatePartnerInput): Promise<Partner> {
  return inTransaction(ctx, async (tx) => {
    if (await tx.em.count(Partner, { code: input.code })) throw conflict(`Partner ${input.code} already exists`);
    const { externalRefs, ...fields } = input;
    const partner = tx.em.create(Partner, fields);
    await linkExternalRefs(tx, 'Partner', partner.id, externalRefs);
    record(tx, {
      type: PartnerEvent.PartnerCreated,
      aggregateType: 'Partner',
      aggregateId: partner.id,
      data: { code: partner.code, kind: partner.kind },
    });
    return partner;
  });
}

export const getPartner = (ctx: Ctx, id: string) => getOrFail(ctx.em, Partner, id, 'Partner');

export const listPartners = (ctx: Ctx, filter: PartnerFilter | undefined, page: PageArgs) =>
  paginate(ctx.em, Partner, filter?.kind ? { kind: filter.kind } : {}, page, { code: 'asc', id: 'asc' });
