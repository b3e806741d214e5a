/**
 * Where a JSON text first goes wrong, as line and column: JSON.parse's messages vary and often give no
 * position ("Unexpected end of JSON input"), so this small scanner finds it. Called only after
 * JSON.parse has failed.
 */

export interface SyntaxProblem {
  readonly line: number;
  readonly column: number;
  readonly problem: string;
}

class Stop extends Error {
  constructor(
    readonly offset: number,
    readonly problem: string,
  ) {
    super(problem);
  }
}

const WS = new Set([' ', '\t', '\n', '\r']);

function scan(text: string): void {
  let i = 0;
  const end = (): never => {
    throw new Stop(text.length, 'unexpected end of JSON');
  };
  const ws = (): void => {
    while (i < text.length && WS.has(text[i] as string)) i++;
  };
  const expect = (ch: string, what: string): void => {
    if (i >= text.length) end();
    if (text[i] !== ch) throw new Stop(i, `expected ${what}, got ${JSON.stringify(text[i])}`);
    i++;
  };
  const str = (): void => {
    expect('"', 'a string');
    for (;;) {
      if (i >= text.length) end();
      const c = text[i] as string;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i >= text.length) end();
        const e = text[i] as string;
        if (e === 'u') {
          const hex = text.slice(i + 1, i + 5);
          if (hex.length < 4) end();
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) throw new Stop(i, 'bad \\u escape');
          i += 5;
        } else if ('"\\/bfnrt'.includes(e)) i++;
        else throw new Stop(i, `bad escape \\${e}`);
      } else if (c.charCodeAt(0) < 0x20) throw new Stop(i, 'control character in string');
      else i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= text.length) end();
    const c = text[i] as string;
    if (c === '{') {
      i++;
      ws();
      if (text[i] === '}') {
        i++;
        return;
      }
      for (;;) {
        ws();
        str();
        ws();
        expect(':', "':'");
        value();
        ws();
        if (i >= text.length) end();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return;
        } else throw new Stop(i, `expected ',' or '}', got ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '[') {
      i++;
      ws();
      if (text[i] === ']') {
        i++;
        return;
      }
      for (;;) {
        value();
        ws();
        if (i >= text.length) end();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return;
        } else throw new Stop(i, `expected ',' or ']', got ${JSON.stringify(text[i])}`);
      }
    }
    if (c === '"') return str();
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(text.slice(i, i + 400));
    if (m !== null && m[0] !== '' && m[0] !== '-') {
      i += m[0].length;
      return;
    }
    for (const word of ['true', 'false', 'null']) {
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
      if (word.startsWith(text.slice(i)) && i < text.length) end();
    }
    throw new Stop(i, `unexpected ${JSON.stringify(c)}`);
  };
  value();
  ws();
  if (i < text.length) throw new Stop(i, `unexpected ${JSON.stringify(text[i])} after the end of the JSON value`);
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text[i] === '\n') {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}

/** The first syntax problem of `text`, or undefined when it is valid JSON. */
export function findJsonSyntaxProblem(text: string): SyntaxProblem | undefined {
  try {
    scan(text);
    return undefined;
  } catch (e) {
    if (!(e instanceof Stop)) throw e;
    return { ...lineColumn(text, e.offset), problem: e.problem };
  }
}
