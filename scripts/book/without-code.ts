/**
 * A Markdown text without its fenced code blocks (and, unless `spans` is false, its code spans),
 * for scans that read the prose only: where math or a shortcode may stand, which links a contents
 * file holds, which language the text is in. Rough, and only ever keeping too much (a fence inside
 * a list or a quotation stays), so that a scan for what a chapter may use never misses it.
 */
export function withoutCode(text: string, spans = true): string {
  const blocks = text.replace(/^( {0,3})(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ {0,3}\2[`~]*[ \t]*$/gm, '');
  return spans ? blocks.replace(/(`+)[^`]+?\1(?!`)/g, '') : blocks;
}
