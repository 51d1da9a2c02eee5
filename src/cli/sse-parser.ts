// A Server-Sent Events parser (the WHATWG event-stream format): lines end in LF, CR or
// CRLF; a blank line dispatches the event; `:` starts a comment; a field without a
// colon has an empty value and one leading space after the colon is dropped.

export interface SseMessage {
  id?: string;
  event: string;
  data: string;
  /** The gateway's `key:` field (the event's ordering key); other SSE servers send none. */
  key?: string;
}

export interface SseHandlers {
  message(message: SseMessage): void;
  comment?(text: string): void;
  retry?(ms: number): void;
}

export function createSseParser(handlers: SseHandlers) {
  let buffer = '';
  let data: string[] = [];
  let event = '';
  let id: string | undefined;
  let key: string | undefined;
  let hasData = false;

  function line(text: string): void {
    if (text === '') {
      if (hasData) handlers.message({ ...(id !== undefined && { id }), event: event || 'message', data: data.join('\n'), ...(key !== undefined && { key }) });
      data = [];
      event = '';
      id = undefined;
      key = undefined;
      hasData = false;
      return;
    }
    if (text.startsWith(':')) {
      handlers.comment?.(text.slice(1).trimStart());
      return;
    }
    const colon = text.indexOf(':');
    const field = colon === -1 ? text : text.slice(0, colon);
    let value = colon === -1 ? '' : text.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'data') {
      data.push(value);
      hasData = true;
    } else if (field === 'event') event = value;
    else if (field === 'id' && !value.includes('\0')) id = value;
    else if (field === 'key') key = value;
    else if (field === 'retry' && /^\d+$/.test(value)) handlers.retry?.(Number(value));
  }

  return {
    /** Feeds decoded text; complete lines are handled at once, a partial one waits for the rest. */
    push(chunk: string): void {
      buffer += chunk;
      let start = 0;
      for (let i = 0; i < buffer.length; i++) {
        const c = buffer[i];
        if (c !== '\n' && c !== '\r') continue;
        // A CR at the very end may be the first half of CRLF: wait for the next chunk.
        if (c === '\r' && i === buffer.length - 1) break;
        line(buffer.slice(start, i));
        if (c === '\r' && buffer[i + 1] === '\n') i++;
        start = i + 1;
      }
      buffer = buffer.slice(start);
    },
  };
}
