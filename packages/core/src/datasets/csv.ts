// A small RFC 4180 CSV reader (no dependency): comma separator, `"` quoting with `""` escapes,
// CRLF or LF line ends, quoted fields may hold separators and line breaks. It is strict: a quote
// inside an unquoted field or an unterminated quoted field is an error, never a guess.

export type TCsvRecord = { /** 1-based physical line where the record starts. */ line: number; fields: string[] };

export class CsvSyntaxError extends Error {
  constructor(
    readonly line: number,
    message: string,
  ) {
    super(`line ${line}: ${message}`);
    this.name = "CsvSyntaxError";
  }
}

export function parseCsv(text: string): TCsvRecord[] {
  const records: TCsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let line = 1;
  let recordLine = 1;
  let i = 0;
  let atFieldStart = true;
  let quoted = false;
  const n = text.length;
  const endField = () => {
    fields.push(field);
    field = "";
    atFieldStart = true;
    quoted = false;
  };
  const endRecord = () => {
    const wasQuoted = quoted;
    endField();
    // A blank physical line (one empty field) is skipped, as most writers emit a trailing newline.
    if (!(fields.length === 1 && fields[0] === "" && !wasQuoted)) records.push({ line: recordLine, fields });
    fields = [];
  };
  while (i < n) {
    const ch = text[i]!;
    if (atFieldStart && ch === '"') {
      quoted = true;
      atFieldStart = false;
      i++;
      // Quoted field: read until the closing quote.
      for (;;) {
        if (i >= n) throw new CsvSyntaxError(recordLine, "unterminated quoted field");
        const c = text[i]!;
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i++;
          break;
        }
        if (c === "\n") line++;
        field += c;
        i++;
      }
      const next = text[i];
      if (next !== undefined && next !== "," && next !== "\n" && next !== "\r") {
        throw new CsvSyntaxError(
          line,
          "unexpected character after a closing quote (a quote inside a field must be doubled)",
        );
      }
      continue;
    }
    if (ch === ",") {
      endField();
      i++;
      continue;
    }
    if (ch === "\r" || ch === "\n") {
      endRecord();
      i += ch === "\r" && text[i + 1] === "\n" ? 2 : 1;
      line++;
      recordLine = line;
      continue;
    }
    if (ch === '"' && !quoted) {
      throw new CsvSyntaxError(line, "quote inside an unquoted field (quote the whole field and double the quote)");
    }
    field += ch;
    atFieldStart = false;
    i++;
  }
  if (!atFieldStart || fields.length > 0 || quoted) endRecord();
  return records;
}

/** Quotes a field when it must be (separator, quote, line break, leading/trailing space). */
export function csvField(value: string): string {
  return /[",\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
