import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { Length, Matches, Max, Min } from 'class-validator';
import type { GqlContext } from '../../kernel/graphql/context';
import { Role } from '../../kernel/auth/permissions';
import { signToken } from '../../kernel/auth/tokens';
import '../portal-access/portal.context';

@InputType()
export class StationAccessInput {
  @Field({ description: 'The tablet or phone at the station, e.g. "CNC-1-tablet"; scans record it' })
  @Length(1, 64)
  @Matches(/^[\w.-]+$/, { message: 'letters, digits, dots, dashes or underscores' })
  deviceId!: string;
  @Field(() => Int, { defaultValue: 30, description: 'How long the link works, in days (1–365)' }) @Min(1) @Max(365) days!: number;
}

@ObjectType()
export class StationAccess {
  @Field({ description: 'Open this link on the device; it signs the station in as an operator' }) url!: string;
  @Field() token!: string;
  @Field() expiresAt!: Date;
}

/** An operator token for one device, in a link that opens the station (the token in the fragment, never sent). */
export function createStationAccess(ctx: GqlContext, input: StationAccessInput): StationAccess {
  const token = signToken(
    ctx.portal.jwt,
    { subject: `station:${input.deviceId}`, role: Role.operator, deviceId: input.deviceId },
    `${input.days}d`,
  );
  return {
    url: `${ctx.portal.publicUrl.replace(/\/$/, '')}/station/#token=${token}`,
    token,
    expiresAt: new Date(Date.now() + input.days * 86_400_000),
  };
}
