import { Entity, Enum, Property } from '@mikro-orm/decorators/legacy';
import { Authorized, Field, ObjectType, registerEnumType } from 'type-graphql';
import { CatalogPermission } from './catalog.permissions';
import { BaseEntity, decimalColumn } from '../../kernel/db/base.entity';
import { DecimalScalar } from '../../kernel/common/scalars';

export enum WorkCenterState {
  UP = 'UP',
  DOWN = 'DOWN',
  MAINTENANCE = 'MAINTENANCE',
}
registerEnumType(WorkCenterState, { name: 'WorkCenterState' });

@ObjectType()
@Entity()
export class WorkCenter extends BaseEntity<
  'capacityHoursPerDay' | 'calendar' | 'state' | 'stateHeld' | 'labourRatePerHour' | 'machineRatePerHour'
> {
  @Field() @Property({ unique: true }) code!: string;
  @Field() @Property() name!: string;
  @Field(() => DecimalScalar, { description: 'Available hours per working day' })
  @Property(decimalColumn())
  capacityHoursPerDay: string = '8';
  @Field({ description: 'Working calendar, e.g. "MON-FRI 06:00-22:00"' })
  @Property()
  calendar: string = 'MON-FRI 08:00-16:00';
  @Field(() => WorkCenterState) @Enum(() => WorkCenterState) state: WorkCenterState = WorkCenterState.UP;
  @Field({
    description:
      'A planner set it DOWN or MAINTENANCE: it stays so, whatever its machines report, until a planner sets it UP (then it follows its machines again)',
  })
  @Property({ default: false })
  stateHeld: boolean = false;
  @Authorized(CatalogPermission.CostsRead)
  @Field(() => DecimalScalar, { description: "What an hour of operators' time here costs (finance, planner, admin only)" })
  @Property({ ...decimalColumn(), default: 0 })
  labourRatePerHour: string = '0';
  @Authorized(CatalogPermission.CostsRead)
  @Field(() => DecimalScalar, { description: 'What an hour of the machine here costs (finance, planner, admin only)' })
  @Property({ ...decimalColumn(), default: 0 })
  machineRatePerHour: string = '0';
}
