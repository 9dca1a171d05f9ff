// A small reader of pprof's profile.proto (the fields a check needs), so a test can decode a downloaded
// profile without a protobuf dependency. Throws on malformed input.
import { gunzipSync } from 'node:zlib';

class Reader {
  constructor(bytes) {
    this.b = bytes;
    this.at = 0;
  }
  done() {
    return this.at >= this.b.length;
  }
  varint() {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      if (this.at >= this.b.length) throw new Error('truncated varint');
      const byte = this.b[this.at++];
      result |= BigInt(byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return result;
      shift += 7n;
      if (shift > 63n) throw new Error('varint too long');
    }
  }
  bytes() {
    const n = Number(this.varint());
    if (this.at + n > this.b.length) throw new Error('truncated field');
    const out = this.b.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  skip(wire) {
    if (wire === 0) this.varint();
    else if (wire === 1) this.at += 8;
    else if (wire === 2) this.bytes();
    else if (wire === 5) this.at += 4;
    else throw new Error('unsupported wire type ' + wire);
  }
  /** Calls visit(field, wire, reader) for every field. */
  fields(visit) {
    while (!this.done()) {
      const key = Number(this.varint());
      const field = key >>> 3;
      const wire = key & 7;
      if (field === 0) throw new Error('field number 0');
      if (!visit(field, wire, this)) this.skip(wire);
    }
  }
}

/** Repeated integers, packed or not. */
function ints(wire, r, into) {
  if (wire === 2) {
    const inner = new Reader(r.bytes());
    while (!inner.done()) into.push(Number(inner.varint()));
  } else {
    into.push(Number(r.varint()));
  }
  return true;
}

function message(bytes, handlers) {
  const out = {};
  new Reader(bytes).fields((field, wire, r) => {
    const h = handlers[field];
    return h ? (h(out, wire, r), true) : false;
  });
  return out;
}

export function decodePprof(gzipped) {
  const plain = gzipped[0] === 0x1f && gzipped[1] === 0x8b ? gunzipSync(gzipped) : gzipped;
  const p = { sampleTypes: [], samples: [], locations: [], functions: [], strings: [], period: 0, timeNanos: 0, durationNanos: 0 };
  const text = new TextDecoder('utf-8', { fatal: true });
  new Reader(plain).fields((field, wire, r) => {
    switch (field) {
      case 1:
        p.sampleTypes.push(message(r.bytes(), { 1: (o, w, rr) => (o.type = Number(rr.varint())), 2: (o, w, rr) => (o.unit = Number(rr.varint())) }));
        return true;
      case 2:
        p.samples.push(
          message(r.bytes(), {
            1: (o, w, rr) => ints(w, rr, (o.locationIds ??= [])),
            2: (o, w, rr) => ints(w, rr, (o.values ??= [])),
          }),
        );
        return true;
      case 4:
        p.locations.push(
          message(r.bytes(), {
            1: (o, w, rr) => (o.id = Number(rr.varint())),
            4: (o, w, rr) => (o.lines ??= []).push(message(rr.bytes(), { 1: (l, ww, r3) => (l.functionId = Number(r3.varint())) })),
          }),
        );
        return true;
      case 5:
        p.functions.push(message(r.bytes(), { 1: (o, w, rr) => (o.id = Number(rr.varint())), 2: (o, w, rr) => (o.name = Number(rr.varint())) }));
        return true;
      case 6:
        p.strings.push(text.decode(r.bytes()));
        return true;
      case 9:
        p.timeNanos = Number(r.varint());
        return true;
      case 10:
        p.durationNanos = Number(r.varint());
        return true;
      case 12:
        p.period = Number(r.varint());
        return true;
      default:
        return false;
    }
  });
  return p;
}

/**
 * Checks what `go tool pprof` relies on (string 0 is "", every index and id resolves, one value per sample
 * type) and returns the flat value per function name for the sample type named {@code type}.
 */
export function flatByFunction(p, type) {
  if (p.strings[0] !== '') throw new Error('string_table[0] is not ""');
  const str = (i) => {
    if (i === undefined || i < 0 || i >= p.strings.length) throw new Error('bad string index ' + i);
    return p.strings[i];
  };
  const typeIndex = p.sampleTypes.findIndex((t) => str(t.type) === type);
  if (typeIndex < 0) throw new Error(`no sample type ${type}; types: ${p.sampleTypes.map((t) => str(t.type)).join(', ')}`);
  const functions = new Map(p.functions.map((f) => [f.id, str(f.name)]));
  const locations = new Map(p.locations.map((l) => [l.id, l]));
  const flat = new Map();
  for (const s of p.samples) {
    if ((s.values ?? []).length !== p.sampleTypes.length) throw new Error('a sample has ' + (s.values ?? []).length + ' values');
    const leaf = locations.get((s.locationIds ?? [])[0]);
    if (!leaf) throw new Error('a sample names an unknown location');
    for (const id of s.locationIds) if (!locations.has(id)) throw new Error('unknown location ' + id);
    const fn = functions.get(leaf.lines?.[0]?.functionId);
    if (fn === undefined) throw new Error('a location names an unknown function');
    flat.set(fn, (flat.get(fn) ?? 0) + s.values[typeIndex]);
  }
  return flat;
}
