import { Field, InputType } from 'type-graphql';
import { IsEmail, IsOptional, Length } from 'class-validator';
import { PartnerKind } from '../partner.entity';
import { ExternalRef } from '../../../kernel/external-refs/external-ref';

@InputType()
export class CreatePartnerInput {
  @Field() @Length(1, 64) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => PartnerKind) kind!: PartnerKind;
  @Field({ nullable: true }) @IsOptional() @IsEmail() email?: string;
  @Field(() => [ExternalRef], { nullable: true }) externalRefs?: ExternalRef[];
}

@InputType()
export class PartnerFilter {
  @Field(() => PartnerKind, { nullable: true }) kind?: PartnerKind;
}
