/**
 * What a scanner or a person typed, read into the code it carries. Keyboard-wedge scanners send the
 * label's text, sometimes behind an AIM symbology identifier (`]C1` for GS1-128, `]Q3` for GS1 QR);
 * GS1 payloads carry application identifiers (AIs) either printed style, `(240)BOLT-M8(10)L-0042`, or
 * raw, `240BOLT-M8<GS>10L-0042` with the group separator ending each variable-length field.
 */
export interface ScanText {
  /** The text with the symbology identifier and surrounding blanks removed. */
  text: string;
  /** The GS1 element strings, AI → value, when the text is a GS1 payload. */
  gs1?: Readonly<Record<string, string>>;
}

const GS = '\x1d';

/** AIs we read, with their fixed data length (undefined: variable, up to the maximum). */
const AIS: Readonly<Record<string, { fixed?: number; max: number }>> = {
  '00': { fixed: 18, max: 18 },
  '01': { fixed: 14, max: 14 },
  '02': { fixed: 14, max: 14 },
  '10': { max: 20 },
  '11': { fixed: 6, max: 6 },
  '13': { fixed: 6, max: 6 },
  '15': { fixed: 6, max: 6 },
  '17': { fixed: 6, max: 6 },
  '21': { max: 20 },
  '240': { max: 30 },
  '241': { max: 30 },
  '30': { max: 8 },
  '37': { max: 8 },
  '400': { max: 30 },
  '414': { fixed: 13, max: 13 },
  '254': { max: 20 },
};

const SYMBOLOGY = /^\][A-Za-z][0-9A-Za-z]/;
const GS1_SYMBOLOGIES = new Set([']C1', ']e0', ']d2', ']Q3', ']J1']);
const PRINTED = /^(\(\d{2,4}\)[^()]+)+$/;

export function readScan(raw: string): ScanText {
  let text = raw.replace(/[\r\n\t]+/g, '').trim();
  const symbology = SYMBOLOGY.exec(text)?.[0];
  if (symbology) text = text.slice(symbology.length);
  if (PRINTED.test(text)) {
    const gs1 = printed(text);
    if (gs1) return { text, gs1 };
  }
  if ((symbology && GS1_SYMBOLOGIES.has(symbology)) || text.includes(GS)) {
    const gs1 = elementString(text);
    if (gs1) return { text, gs1 };
  }
  // Control characters a scanner adds are never part of a code.
  return { text: text.replace(/[\x00-\x1f\x7f]/g, '') }; // eslint-disable-line no-control-regex
}

function printed(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  for (const m of text.matchAll(/\((\d{2,4})\)([^()]+)/g)) {
    const spec = AIS[m[1]];
    if (!spec || m[2].length > spec.max || (spec.fixed && m[2].length !== spec.fixed)) return null;
    out[m[1]] = m[2];
  }
  return out;
}

/** Raw GS1 data: each AI, then its data, fixed-length or up to the next group separator. */
function elementString(text: string): Record<string, string> | null {
  const out: Record<string, string> = {};
  let rest = text.startsWith(GS) ? text.slice(1) : text;
  while (rest.length) {
    const ai = [2, 3, 4].map((n) => rest.slice(0, n)).find((p) => AIS[p]);
    if (!ai) return null;
    const spec = AIS[ai];
    rest = rest.slice(ai.length);
    let value: string;
    if (spec.fixed) {
      value = rest.slice(0, spec.fixed);
      rest = rest.slice(spec.fixed);
      if (value.length !== spec.fixed) return null;
      if (rest.startsWith(GS)) rest = rest.slice(1);
    } else {
      const end = rest.indexOf(GS);
      value = end < 0 ? rest : rest.slice(0, end);
      rest = end < 0 ? '' : rest.slice(end + 1);
      if (!value.length || value.length > spec.max) return null;
    }
    out[ai] = value;
  }
  return Object.keys(out).length ? out : null;
}

/** The printed form of GS1 element strings, as under a barcode: `(240)BOLT-M8(10)L-0042`. */
export const gs1Printed = (fields: readonly [string, string][]) => fields.map(([ai, v]) => `(${ai})${v}`).join('');
