import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Role } from '../../src/kernel/auth/permissions';

/** What the README-section tests share: a section's ```graphql examples, each with the role it names. */
export type Json = Record<string, any>;
export interface Example {
  n: number;
  role: Role;
  query: string;
}

export function sectionExamples(section: string): Example[] {
  const whole = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
  const start = whole.indexOf(`\n## ${section}\n`);
  if (start < 0) throw new Error(`README has no section ${section}`);
  const readme = whole.slice(start, whole.indexOf('\n## ', start + 1));
  const examples: Example[] = [];
  let from = 0;
  for (const m of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
    const role = [...readme.slice(from, m.index).matchAll(/\*\*(\w+)\*\* token/g)].map((r) => r[1]).at(-1);
    if (!role || !(Object.values(Role) as string[]).includes(role)) throw new Error(`example ${examples.length + 1} names no role`);
    examples.push({ n: examples.length + 1, role: role as Role, query: m[1] });
    from = m.index + m[0].length;
  }
  return examples;
}

export const fill = (example: Example, values: Record<string, string>) =>
  example.query.replace(/(\w+): "…"/g, (_all, name: string) => {
    if (!values[name]) throw new Error(`README example ${example.n}: nothing fills ${name}: "…"`);
    return `${name}: ${JSON.stringify(values[name])}`;
  });

export const nodes = (connection: { edges: { node: Json }[] }) => connection.edges.map((e) => e.node);
