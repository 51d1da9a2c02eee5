import { matchConnectionAccepted, matchReply, referencedSequences, type InboundReply, type ReplyDeps } from './match-reply.ts';

/** Reply matching on its stores: typed calls for the API and tests, and the inbound handler. */
export function createReplyMatching(deps: ReplyDeps) {
  return {
    matchReply: (orgId: string, reply: InboundReply, opts?: { dedupeKey?: string }) => matchReply(deps, orgId, reply, opts),
    matchConnectionAccepted: (orgId: string, input: Parameters<typeof matchConnectionAccepted>[2]) => matchConnectionAccepted(deps, orgId, input),
    /** For the triggers' reply actions (their `ReplyHandler`). */
    replyHandler: createReplyHandler(deps),
  };
}

/**
 * Reply matching in the shape inbound paths (the triggers' `sequence.reply` and
 * `sequence.connection_accepted` actions) call it: a trigger's post is loosely typed, so
 * the fields are read here, and the post's source key dedupes a retried reply.
 */
export function createReplyHandler(deps: ReplyDeps) {
  return {
    /** The sequences a reply names by Message-ID or thread id, for its ordering keys at acknowledgment. */
    referencedSequences: async (orgId: string, reply: InboundReply) =>
      ((await referencedSequences(deps, orgId, reply))?.found ?? []).map((seq) => ({ id: seq.id, recipient: seq.recipient })),
    recordReply: async (orgId: string, reply: InboundReply, ctx: { sourceKey: string }) =>
      ({ ...(await matchReply(deps, orgId, reply, { dedupeKey: ctx.sourceKey })) }) as Record<string, unknown>,
    recordConnectionAccepted: async (orgId: string, input: Record<string, unknown>) => {
      const str = (v: unknown) => (typeof v === 'string' ? v : null);
      return {
        ...(await matchConnectionAccepted(deps, orgId, {
          from: str(input.from) ?? str(input.linkedinSlug) ?? str(input.linkedinUrn),
          sequenceId: str(input.sequenceId),
          messageId: str(input.messageId),
          acceptedAt: str(input.acceptedAt),
        })),
      } as Record<string, unknown>;
    },
  };
}
