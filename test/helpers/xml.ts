/**
 * A small strict XML 1.0 well-formedness checker for tests (Node has no XML parser and hako
 * takes no dependency for one). It accepts the subset hako writes plus comments, CDATA and
 * processing instructions, and rejects what a conforming parser rejects in that subset: invalid
 * characters, raw `<` or `&` in text or attributes, unknown entities, bad character references,
 * duplicate attributes, unquoted values, mismatched or unclosed tags, more than one root.
 * Returns the element tree with entities decoded and attribute values normalised.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  /** Character data directly inside the element, decoded. */
  text: string;
}

export class XmlError extends Error {}

const INVALID_CHAR = /[^\t\n\r\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;
const NAME = /[A-Za-z_:][A-Za-z0-9._:-]*/y;
const SPACE = /[ \t\r\n]*/y;
const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

export function parseXml(doc: string): XmlElement {
  const bad = INVALID_CHAR.exec(doc);
  if (bad) throw new XmlError(`invalid character U+${bad[0].codePointAt(0)!.toString(16)} at ${bad.index}`);
  let i = 0;
  const fail = (what: string): never => {
    throw new XmlError(`${what} at offset ${i}: ${JSON.stringify(doc.slice(i, i + 30))}`);
  };
  const skipSpace = () => {
    SPACE.lastIndex = i;
    SPACE.exec(doc);
    i = SPACE.lastIndex;
  };
  const name = (): string => {
    NAME.lastIndex = i;
    const m = NAME.exec(doc);
    if (!m) return fail('expected a name');
    i = NAME.lastIndex;
    return m[0];
  };
  const decode = (raw: string): string =>
    raw.replace(/&([^;]*);?/g, (whole, ref: string) => {
      if (!whole.endsWith(';')) return fail(`unterminated reference ${whole}`);
      const m = /^#(?:x([0-9a-fA-F]+)|([0-9]+))$/.exec(ref);
      if (m) {
        const cp = Number.parseInt(m[1] ?? m[2]!, m[1] ? 16 : 10);
        const ch = cp <= 0x10ffff ? String.fromCodePoint(cp) : '\0';
        if (INVALID_CHAR.test(ch)) return fail(`reference to an invalid character &${ref};`);
        return ch;
      }
      const e = ENTITIES[ref];
      return e ?? fail(`unknown entity &${ref};`);
    });
  const misc = () => {
    for (;;) {
      skipSpace();
      if (doc.startsWith('<!--', i)) {
        const end = doc.indexOf('-->', i + 4);
        if (end < 0 || doc.slice(i + 4, end).includes('--')) fail('bad comment');
        i = end + 3;
      } else if (doc.startsWith('<?', i) && !doc.startsWith('<?xml ', i)) {
        const end = doc.indexOf('?>', i);
        if (end < 0) fail('unterminated processing instruction');
        i = end + 2;
      } else return;
    }
  };
  const element = (): XmlElement => {
    if (doc[i] !== '<') fail('expected <');
    i++;
    const el: XmlElement = { name: name(), attrs: {}, children: [], text: '' };
    for (;;) {
      const before = i;
      skipSpace();
      if (doc.startsWith('/>', i)) {
        i += 2;
        return el;
      }
      if (doc[i] === '>') {
        i++;
        break;
      }
      if (i === before) fail('expected whitespace before an attribute');
      const key = name();
      if (key in el.attrs) fail(`duplicate attribute ${key}`);
      skipSpace();
      if (doc[i] !== '=') fail('expected =');
      i++;
      skipSpace();
      const q = doc[i];
      if (q !== '"' && q !== "'") fail('expected a quoted value');
      const end = doc.indexOf(q!, i + 1);
      if (end < 0) fail('unterminated attribute value');
      const raw = doc.slice(i + 1, end);
      if (raw.includes('<')) fail('< in an attribute value');
      el.attrs[key] = decode(raw.replace(/[\t\n\r]/g, ' '));
      i = end + 1;
    }
    for (;;) {
      const lt = doc.indexOf('<', i);
      if (lt < 0) fail(`unclosed <${el.name}>`);
      const chars = doc.slice(i, lt);
      if (chars.includes(']]>')) fail(']]> in text');
      el.text += decode(chars.replace(/\r\n?/g, '\n'));
      i = lt;
      if (doc.startsWith('</', i)) {
        i += 2;
        const closing = name();
        if (closing !== el.name) fail(`</${closing}> closes <${el.name}>`);
        skipSpace();
        if (doc[i] !== '>') fail('expected >');
        i++;
        return el;
      }
      if (doc.startsWith('<![CDATA[', i)) {
        const end = doc.indexOf(']]>', i);
        if (end < 0) fail('unterminated CDATA');
        el.text += doc.slice(i + 9, end);
        i = end + 3;
      } else if (doc.startsWith('<!--', i) || doc.startsWith('<?', i)) misc();
      else el.children.push(element());
    }
  };

  if (doc.startsWith('<?xml ')) {
    const end = doc.indexOf('?>');
    if (
      end < 0 ||
      !/^<\?xml version="1\.[0-9]"( encoding="[A-Za-z][A-Za-z0-9._-]*")?\s*$/.test(doc.slice(0, end))
    )
      fail('bad XML declaration');
    i = end + 2;
  }
  misc();
  if (doc.startsWith('<!DOCTYPE', i)) fail('DOCTYPE not supported');
  const root = element();
  misc();
  if (i !== doc.length) fail('content after the root element');
  return root;
}

/** Every element named `name` in the tree, depth first. */
export function elements(root: XmlElement, name: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    if (e.name === name) out.push(e);
    e.children.forEach(walk);
  };
  walk(root);
  return out;
}
