import { Field, InputType } from 'type-graphql';
import { ArrayMaxSize, IsOptional, Length, ValidateNested } from 'class-validator';
import { DecimalScalar } from '../../../kernel/common/scalars';
import { ItemTracking, ItemType } from '../../../modules/catalog/item.entity';

@InputType()
export class ImportPartnerInput {
  @Field() @Length(1, 200) externalId!: string;
  @Field() @Length(1, 64) code!: string;
  @Field() @Length(1, 200) name!: string;
  @Field({ nullable: true }) @IsOptional() @Length(3, 200) email?: string;
}

@InputType()
export class ImportSalesOrderLineInput {
  @Field() @Length(1, 200) itemExternalId!: string;
  @Field(() => DecimalScalar) qty!: string;
  @Field({ description: 'YYYY-MM-DD' }) @Length(1, 30) dueDate!: string;
}

@InputType()
export class ImportSalesOrderInput {
  @Field() @Length(1, 200) externalId!: string;
  @Field(() => ImportPartnerInput) @ValidateNested() customer!: ImportPartnerInput;
  @Field({ nullable: true }) @IsOptional() @Length(1, 100) customerReference?: string;
  @Field(() => [ImportSalesOrderLineInput]) @ArrayMaxSize(500) @ValidateNested({ each: true }) lines!: ImportSalesOrderLineInput[];
}

@InputType()
export class ImportItemInput {
  @Field() @Length(1, 200) externalId!: string;
  @Field() @Length(1, 64) sku!: string;
  @Field() @Length(1, 200) name!: string;
  @Field(() => ItemType) type!: ItemType;
  @Field({ nullable: true }) @IsOptional() @Length(1, 16) unit?: string;
  @Field(() => ItemTracking, { nullable: true }) tracking?: ItemTracking;
  @Field(() => DecimalScalar, { nullable: true }) standardCost?: string;
}

@InputType()
export class ImportBomLineInput {
  @Field() @Length(1, 200) componentExternalId!: string;
  @Field(() => DecimalScalar) qtyPer!: string;
  @Field(() => DecimalScalar, { nullable: true }) scrapPct?: string;
}

@InputType()
export class ImportBomInput {
  @Field() @Length(1, 200) externalId!: string;
  @Field() @Length(1, 200) itemExternalId!: string;
  @Field(() => [ImportBomLineInput]) @ArrayMaxSize(500) @ValidateNested({ each: true }) lines!: ImportBomLineInput[];
}

@InputType({ description: 'Records from an external system; each is an upsert on (system, externalId)' })
export class ImportInput {
  @Field({ description: 'The system the ids belong to, e.g. "erp"' }) @Length(1, 64) system!: string;
  @Field(() => [ImportItemInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  items?: ImportItemInput[];
  @Field(() => [ImportBomInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  boms?: ImportBomInput[];
  @Field(() => [ImportSalesOrderInput], { nullable: true })
  @IsOptional()
  @ArrayMaxSize(1000)
  @ValidateNested({ each: true })
  salesOrders?: ImportSalesOrderInput[];
  @Field({ defaultValue: true, description: 'Create planned work orders for new sales orders' }) planWorkOrders!: boolean;
}
