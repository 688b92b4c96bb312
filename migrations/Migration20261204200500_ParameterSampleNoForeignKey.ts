import { Migration } from '@mikro-orm/migrations';

export class Migration20261204200500_ParameterSampleNoForeignKey extends Migration {

  override name = 'Migration20261204200500_ParameterSampleNoForeignKey';

  override up(): void | Promise<void> {
    this.addSql(`alter table "parameter_sample" drop constraint "parameter_sample_machine_id_foreign";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "parameter_sample" add constraint "parameter_sample_machine_id_foreign" foreign key ("machine_id") references "machine" ("id");`);
  }

}
