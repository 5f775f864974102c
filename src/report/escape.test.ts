import { describe, expect, it } from 'vitest';
import { HOSTILE } from '../../test/helpers/scan-result.js';
import { parseXml, XmlError } from '../../test/helpers/xml.js';
import { markdownCell, stripControl, xmlAttr, xmlText } from './escape.js';

describe('stripControl', () => {
  it('removes C0 (but tab, LF, CR), DEL, C1, lone surrogates and U+FFFE/U+FFFF', () => {
    expect(stripControl('a\u0000b\u0008c\u000bd\u000ce\u001bf\u007fg\u0080h\u009fi')).toBe('abcdefghi');
    expect(stripControl('t\tn\nr\r')).toBe('t\tn\nr\r');
    expect(stripControl('x\ud800y\udfffz\ufffe\uffff')).toBe('xyz');
  });

  it('keeps printable Unicode, including astral characters and their surrogate pairs', () => {
    expect(stripControl('é ✓ 箱 😀 \u00a0 \ufffd')).toBe('é ✓ 箱 😀 \u00a0 \ufffd');
  });
});

describe('XML escaping', () => {
  it('escapes markup in text and keeps CR as a reference', () => {
    expect(xmlText('a < b && c > d ]]> "q"')).toBe('a &lt; b &amp;&amp; c &gt; d ]]&gt; "q"');
    expect(xmlText('x\r\ny')).toBe('x&#13;\ny');
  });

  it('escapes quotes and whitespace in attributes', () => {
    expect(xmlAttr(`"it's" <&>\t\n\r`)).toBe('&quot;it&apos;s&quot; &lt;&amp;&gt;&#9;&#10;&#13;');
  });

  it('round-trips any string through a strict parser, minus the characters XML cannot hold', () => {
    const samples = [HOSTILE, '&amp;', '&#0;', ']]>', '\u0000', '<!-- x -->', '<![CDATA[x]]>', '😀\ud83d'];
    for (const s of samples) {
      const doc = parseXml(`<r a="${xmlAttr(s)}" b='${xmlAttr(s)}'>${xmlText(s)}</r>`);
      expect(doc.attrs.a).toBe(stripControl(s));
      expect(doc.attrs.b).toBe(stripControl(s));
      expect(doc.text).toBe(stripControl(s));
    }
  });
});

describe('the test XML checker', () => {
  it('accepts well-formed documents', () => {
    const doc = parseXml(
      '<?xml version="1.0" encoding="UTF-8"?>\n<!-- c --><a x="1" y=\'&lt;\'><b/><![CDATA[<raw>]]>&#x41;&#66;<?pi x?></a>\n',
    );
    expect(doc).toMatchObject({ name: 'a', attrs: { x: '1', y: '<' }, text: '<raw>AB' });
    expect(doc.children.map((c) => c.name)).toEqual(['b']);
  });

  it.each([
    ['raw < in text', '<a>1 < 2</a>'],
    ['raw & in text', '<a>a & b</a>'],
    ['unknown entity', '<a>&nbsp;</a>'],
    ['unterminated reference', '<a>&amp</a>'],
    ['reference to NUL', '<a>&#0;</a>'],
    ['reference to a control', '<a x="&#x1b;"/>'],
    ['raw control character', '<a>\u0001</a>'],
    ['lone surrogate', '<a>\ud800</a>'],
    ['< in attribute', '<a x="<"/>'],
    ['unquoted attribute', '<a x=1/>'],
    ['duplicate attribute', '<a x="1" x="2"/>'],
    ['attributes without space', '<a x="1"y="2"/>'],
    ['mismatched tag', '<a><b></a></b>'],
    ['unclosed tag', '<a><b></b>'],
    ['two roots', '<a/><b/>'],
    ['text after root', '<a/>x'],
    [']]> in text', '<a>]]></a>'],
    ['bad comment', '<a><!-- a -- b --></a>'],
    ['bad declaration', '<?xml version="2.0"?><a/>'],
  ])('rejects %s', (_, doc) => {
    expect(() => parseXml(doc)).toThrow(XmlError);
  });
});

describe('markdownCell', () => {
  it('escapes pipes and turns every kind of line break into <br>', () => {
    expect(markdownCell('a|b')).toBe('a\\|b');
    expect(markdownCell('a\nb\r\nc\rd')).toBe('a<br>b<br>c<br>d');
  });

  it('neutralises inline markup, HTML and entities', () => {
    expect(markdownCell('*b* _i_ `c` ~s~ [l](u) ![i](u) <img src=x> &amp; $x$ \\')).toBe(
      '\\*b\\* \\_i\\_ \\`c\\` \\~s\\~ \\[l\\](u) !\\[i\\](u) &lt;img src=x&gt; &amp;amp; \\$x\\$ \\\\',
    );
  });

  it('keeps @mentions from pinging and strips control characters', () => {
    expect(markdownCell('@admin')).toBe('@\u2060admin');
    expect(markdownCell('a\u0000\u001bb\u0085c')).toBe('abc');
  });

  it('leaves ordinary text readable', () => {
    expect(markdownCell('infra/ecs-task.json:12 container "app" (web) runs 1.5x')).toBe(
      'infra/ecs-task.json:12 container "app" (web) runs 1.5x',
    );
  });
});
