import { Extensions, Field } from 'type-graphql';
import { IsOptional, Length } from 'class-validator';
import { TEXT_KIND_EXTENSION } from '../common/text';

/**
 * An input's code field, the alternative to an id field: what is printed on paper or a label, or what
 * a scanner typed (GS1 payloads included). Give the id or the code, not both.
 */
export function CodeField(description: string): PropertyDecorator {
  return (target, property) => {
    Field({ nullable: true, description: `${description}; instead of the id` })(target, property);
    // A scanner's GS1 group separators and line end reach the scan reader, which knows them.
    Extensions({ [TEXT_KIND_EXTENSION.scan]: true })(target, property);
    IsOptional()(target, property);
    Length(1, 200)(target, property);
  };
}
