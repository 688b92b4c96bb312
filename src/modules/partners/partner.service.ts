import type { Ctx } from '../../kernel/common/context';
import { inTransaction, record } from '../../kernel/common/transaction';
import { conflict } from '../../kernel/common/errors';
import { EventType } from '../../kernel/events/event-types';
import { linkExternalRefs } from '../../kernel/external-refs/external-refs.service';
import { Partner } from './partner.entity';
import type { CreatePartnerInput } from './dto/partner.inputs';

export async function createPartner(ctx: Ctx, input: CreatePartnerInput): Promise<Partner> {
  return inTransaction(ctx, async (tx) => {
    if (await tx.em.count(Partner, { code: input.code })) throw conflict(`Partner ${input.code} already exists`);
    const { externalRefs, ...fields } = input;
    const partner = tx.em.create(Partner, fields);
    await linkExternalRefs(tx, 'Partner', partner.id, externalRefs);
    record(tx, {
      type: EventType.PartnerCreated,
      aggregateType: 'Partner',
      aggregateId: partner.id,
      data: { code: partner.code, kind: partner.kind },
    });
    return partner;
  });
}
