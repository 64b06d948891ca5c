// The one use of Node's Buffer on the studio's path through the scenario
// loader: measuring a text's UTF-8 size.
export const Buffer = {
  byteLength: (text) => new TextEncoder().encode(text).length,
};
