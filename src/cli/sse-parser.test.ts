import { describe, expect, it } from 'vitest';
import { createSseParser, type SseMessage } from './sse-parser.ts';

function parse(chunks: string[]) {
  const messages: SseMessage[] = [];
  const comments: string[] = [];
  const retries: number[] = [];
  const parser = createSseParser({ message: (m) => messages.push(m), comment: (c) => comments.push(c), retry: (ms) => retries.push(ms) });
  for (const chunk of chunks) parser.push(chunk);
  return { messages, comments, retries };
}

describe('SSE parser', () => {
  it('reads id, event and data, comments and retry', () => {
    const out = parse(['retry: 2000\n: connected\n\nid: 1\nevent: a.b\ndata: {"x":1}\n\n: heartbeat\n\n']);
    expect(out.messages).toEqual([{ id: '1', event: 'a.b', data: '{"x":1}' }]);
    expect(out.comments).toEqual(['connected', 'heartbeat']);
    expect(out.retries).toEqual([2000]);
  });

  it('joins frames split anywhere, including between CR and LF', () => {
    const text = 'id: 7\r\nevent: t\r\ndata: one\r\ndata: two\r\n\r\nid: 8\ndata:three\n\n';
    for (let cut = 1; cut < text.length; cut++) {
      const out = parse([text.slice(0, cut), text.slice(cut)]);
      expect(out.messages, `cut at ${cut}`).toEqual([
        { id: '7', event: 't', data: 'one\ntwo' },
        { id: '8', event: 'message', data: 'three' },
      ]);
    }
  });

  it('dispatches nothing for a frame without data, and nothing before its blank line', () => {
    expect(parse(['id: 1\nevent: x\n\n']).messages).toEqual([]);
    expect(parse(['id: 1\ndata: x\n']).messages).toEqual([]);
  });
});
