import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../db/base.entity';
import { ExternalRef } from '../common/external-ref';

export enum PartnerKind {
  CUSTOMER = 'CUSTOMER',
  SUPPLIER = 'SUPPLIER',
}
registerEnumType(PartnerKind, { name: 'PartnerKind' });

@ObjectType()
@Entity()
export class Partner extends BaseEntity<'externalRefs'> {
  @Field() @Property({ unique: true }) code!: string;
  @Field() @Property() name!: string;
  @Field(() => PartnerKind) @Enum(() => PartnerKind) kind!: PartnerKind;
  @Field({ nullable: true }) @Property({ nullable: true }) email?: string;
  @Field(() => [ExternalRef]) @Property({ type: 'json' }) externalRefs: ExternalRef[] = [];
}
