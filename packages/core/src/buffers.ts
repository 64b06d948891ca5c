// Large arrays of a finished run, kept for the next run of the same thread.
// A fresh ArrayBuffer of megabytes comes as new pages from the kernel, and
// taking page faults does not scale: on a 2-core machine two workers that
// each allocate their population afresh every run both slow down by a
// quarter, while refilling reused memory costs a memset. Only `simulate`
// hands buffers back (it knows nothing else holds them); an Engine built
// directly takes fresh ones or spares, never anything still in use.

/** At most this many bytes are kept, so a big run does not pin its memory. */
const KEEP_BYTES = 32 * 1024 * 1024;
const spares: ArrayBuffer[] = [];

/** A zeroed buffer of at least `bytes` bytes: a spare of a similar size, or a new one. */
export function takeBuffer(bytes: number): ArrayBuffer {
  const k = spares.findIndex((b) => b.byteLength >= bytes && b.byteLength <= 2 * bytes);
  if (k < 0) return new ArrayBuffer(bytes);
  const buffer = spares.splice(k, 1)[0]!;
  new Uint8Array(buffer, 0, bytes).fill(0);
  return buffer;
}

/** Keeps `buffer` for a later takeBuffer; the caller must hold no view of it any more. */
export function giveBack(buffer: ArrayBufferLike): void {
  if (!(buffer instanceof ArrayBuffer)) return;
  let held = buffer.byteLength;
  for (const b of spares) held += b.byteLength;
  while (held > KEEP_BYTES && spares.length > 0) held -= spares.shift()!.byteLength;
  if (held <= KEEP_BYTES) spares.push(buffer);
}
