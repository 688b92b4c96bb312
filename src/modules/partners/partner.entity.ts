import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../../kernel/db/base.entity';

export enum PartnerKind {
  CUSTOMER = 'CUSTOMER',
  SUPPLIER = 'SUPPLIER',
}
registerEnumType(PartnerKind, { name: 'PartnerKind' });

@ObjectType()
@Entity()
export class Partner extends BaseEntity {
  @Field() @Property({ unique: true }) code!: string;
  @Field() @Property() name!: string;
  @Field(() => PartnerKind) @Enum(() => PartnerKind) kind!: PartnerKind;
  @Field({ nullable: true }) @Property({ nullable: true }) email?: string;
}
