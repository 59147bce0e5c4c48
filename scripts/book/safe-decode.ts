/** A percent-encoded URL part decoded (`%E7%AB%A0` is `章`), or as it is where it is not valid percent-encoding. */
export function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
