/**
 * A throwaway certificate authority and serving certificate for the webhook (`hako webhook
 * manifests` without cert-manager, and the tests): ECDSA P-256 keys from node:crypto, X.509 v3
 * certificates encoded here in DER (node:crypto reads certificates but does not write them).
 * Only what a TLS server certificate needs: basicConstraints, keyUsage, extKeyUsage serverAuth,
 * subjectAltName (DNS names and IP addresses), subject and authority key identifiers.
 */
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { isIP } from 'node:net';

export interface CertPair {
  /** PEM. */
  cert: string;
  /** PEM (PKCS#8). */
  key: string;
}

export interface WebhookCerts {
  ca: CertPair;
  server: CertPair;
}

/** A CA and a serving certificate for `names` (DNS names or IP addresses), valid `days` from `now`. */
export function makeCerts(names: string[], opts: { days?: number; now?: Date } = {}): WebhookCerts {
  const now = opts.now ?? new Date();
  const notBefore = new Date(now.getTime() - 5 * 60_000);
  const notAfter = new Date(now.getTime() + (opts.days ?? 365) * 86_400_000);
  const caKeys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const caName = name('hako-webhook-ca');
  const caSpki = caKeys.publicKey.export({ type: 'spki', format: 'der' });
  const caCert = certificate({
    issuer: caName,
    subject: caName,
    spki: caSpki,
    signer: caKeys.privateKey,
    issuerSpki: caSpki,
    notBefore,
    notAfter,
    extensions: [
      ext('2.5.29.19', true, seq(bool(true))),
      ext('2.5.29.15', true, bitString(Buffer.from([0x86]), 1)),
    ],
  });
  const keys = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
  const spki = keys.publicKey.export({ type: 'spki', format: 'der' });
  const serverCert = certificate({
    issuer: caName,
    subject: name(names[0] ?? 'hako-webhook'),
    spki,
    signer: caKeys.privateKey,
    issuerSpki: caSpki,
    notBefore,
    notAfter,
    extensions: [
      ext('2.5.29.19', true, seq()),
      ext('2.5.29.15', true, bitString(Buffer.from([0x80]), 7)),
      ext('2.5.29.37', false, seq(oid('1.3.6.1.5.5.7.3.1'))),
      ext(
        '2.5.29.17',
        false,
        seq(...names.map((n) => (isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n, 'ascii'))))),
      ),
    ],
  });
  const pem = (der: Buffer) =>
    `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  const keyPem = (k: KeyObject) => k.export({ type: 'pkcs8', format: 'pem' }).toString();
  return {
    ca: { cert: pem(caCert), key: keyPem(caKeys.privateKey) },
    server: { cert: pem(serverCert), key: keyPem(keys.privateKey) },
  };
}

function certificate(c: {
  issuer: Buffer;
  subject: Buffer;
  spki: Buffer;
  signer: KeyObject;
  issuerSpki: Buffer;
  notBefore: Date;
  notAfter: Date;
  extensions: Buffer[];
}): Buffer {
  const algorithm = seq(oid('1.2.840.10045.4.3.2')); // ecdsa-with-SHA256
  const serial = randomBytes(16);
  serial[0] = (serial[0] ?? 0) & 0x7f; // positive
  const extensions = [
    ...c.extensions,
    ext('2.5.29.14', false, octets(keyId(c.spki))),
    ext('2.5.29.35', false, seq(tlv(0x80, keyId(c.issuerSpki)))),
  ];
  const tbs = seq(
    tlv(0xa0, int(Buffer.from([2]))),
    int(serial),
    algorithm,
    c.issuer,
    seq(time(c.notBefore), time(c.notAfter)),
    c.subject,
    c.spki,
    tlv(0xa3, seq(...extensions)),
  );
  return seq(tbs, algorithm, bitString(sign('sha256', tbs, c.signer), 0));
}

/** RFC 5280 method 1: SHA-1 of the subjectPublicKey bits. */
function keyId(spki: Buffer): Buffer {
  // SubjectPublicKeyInfo = SEQUENCE { AlgorithmIdentifier, BIT STRING }: hash the BIT STRING's content
  const outer = header(spki, 0);
  const alg = header(spki, outer.start);
  const bits = header(spki, alg.start + alg.length);
  return createHash('sha1')
    .update(spki.subarray(bits.start + 1, bits.start + bits.length))
    .digest();
}

function header(b: Buffer, at: number): { start: number; length: number } {
  const first = b[at + 1] ?? 0;
  if (first < 0x80) return { start: at + 2, length: first };
  const n = first & 0x7f;
  let length = 0;
  for (let i = 0; i < n; i++) length = length * 256 + (b[at + 2 + i] ?? 0);
  return { start: at + 2 + n, length };
}

function tlv(tag: number, content: Buffer): Buffer {
  const n = content.length;
  let len: Buffer;
  if (n < 0x80) len = Buffer.from([n]);
  else {
    const bytes: number[] = [];
    for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v & 0xff);
    len = Buffer.from([0x80 | bytes.length, ...bytes]);
  }
  return Buffer.concat([Buffer.from([tag]), len, content]);
}

const seq = (...items: Buffer[]) => tlv(0x30, Buffer.concat(items));
const set = (...items: Buffer[]) => tlv(0x31, Buffer.concat(items));
const octets = (b: Buffer) => tlv(0x04, b);
const bool = (v: boolean) => tlv(0x01, Buffer.from([v ? 0xff : 0]));
const bitString = (b: Buffer, unused: number) => tlv(0x03, Buffer.concat([Buffer.from([unused]), b]));

function int(b: Buffer): Buffer {
  let v = b;
  while (v.length > 1 && v[0] === 0 && ((v[1] ?? 0) & 0x80) === 0) v = v.subarray(1);
  if (((v[0] ?? 0) & 0x80) !== 0) v = Buffer.concat([Buffer.from([0]), v]);
  return tlv(0x02, v);
}

function oid(dotted: string): Buffer {
  const parts = dotted.split('.').map(Number);
  const bytes: number[] = [40 * (parts[0] ?? 0) + (parts[1] ?? 0)];
  for (const p of parts.slice(2)) {
    const chunk: number[] = [p & 0x7f];
    for (let v = Math.floor(p / 128); v > 0; v = Math.floor(v / 128)) chunk.unshift(0x80 | (v & 0x7f));
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function ext(id: string, critical: boolean, value: Buffer): Buffer {
  return seq(oid(id), ...(critical ? [bool(true)] : []), octets(value));
}

function name(cn: string): Buffer {
  return seq(set(seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from(cn.slice(0, 64), 'utf8')))));
}

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 4.1.2.5). */
function time(d: Date): Buffer {
  const iso = d.toISOString().replace(/[-:T]/g, '').slice(0, 14); // YYYYMMDDHHMMSS
  return d.getUTCFullYear() < 2050
    ? tlv(0x17, Buffer.from(`${iso.slice(2)}Z`, 'ascii'))
    : tlv(0x18, Buffer.from(`${iso}Z`, 'ascii'));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const [head = '', tail = ''] = ip.split('::');
  const h = head ? head.split(':') : [];
  const t = ip.includes('::') && tail ? tail.split(':') : [];
  const groups = ip.includes('::') ? [...h, ...new Array(8 - h.length - t.length).fill('0'), ...t] : h;
  const out = Buffer.alloc(16);
  groups.forEach((g, i) => {
    out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  });
  return out;
}
