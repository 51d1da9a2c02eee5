// Generated from openapi.yaml by `npm run gen`. Do not edit by hand.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Process liveness */
        get: operations["getHealth"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness (database reachable, scheduler running) */
        get: operations["getReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/openapi.yaml": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * This API description (OpenAPI 3.1, YAML)
         * @description The spec the gateway routes and validates by, byte for byte as shipped. No key needed.
         */
        get: operations["getOpenApiDocument"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/docs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * API reference (HTML)
         * @description A self-contained HTML reference rendered from the spec at start-up: operations by
         *     tag with their parameters, bodies and responses, the webhook events and the
         *     schemas. It loads nothing from elsewhere (no script, no CDN), so it works
         *     offline, and is served with a strict Content-Security-Policy. No key needed.
         */
        get: operations["getApiReference"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys */
        get: operations["listApiKeys"];
        put?: never;
        /**
         * Create an API key
         * @description The response is the only time the secret `key` is shown; store it.
         */
        post: operations["createApiKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/api-keys/{keyId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        /**
         * Get an API key
         * @description The key's metadata; the secret itself is never shown again.
         */
        get: operations["getApiKey"];
        put?: never;
        post?: never;
        /**
         * Revoke an API key
         * @description Idempotent. A revoked key answers 401 from then on.
         */
        delete: operations["revokeApiKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/whoami": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Who the credential is
         * @description The organization and scopes of the presented credential (an API key or a console
         *     portal session), so a client such as the console can hide what it cannot do.
         */
        get: operations["getCurrentCredential"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/portal-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open a console portal session
         * @description A short-lived URL that opens the console for this organization, restricted to the
         *     areas in `scopes` (default `["webhooks"]`: endpoints, deliveries and recoveries).
         *     The token it carries (`og_portal_…`, in the URL's fragment, never sent to a server
         *     by a browser) works only on the operations of those areas and expires; it is not
         *     an API key and cannot manage keys or open another session. Hand it to a customer so
         *     they can manage their own endpoints.
         */
        post: operations["createPortalSession"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List tables
         * @description The organization's tables, oldest first, each with its columns and liveness counts.
         */
        get: operations["listTables"];
        put?: never;
        /**
         * Create a table with its columns
         * @description Gateway extension. Column slugs default to a url-safe form of the name and are
         *     unique per table. An `enrichment` column's signing secret is returned here, once.
         */
        post: operations["createTable"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        /** Get a table */
        get: operations["getTable"];
        put?: never;
        post?: never;
        /**
         * Delete a table
         * @description Soft delete; the table and its rows answer 404 afterwards. Active cell runs are cancelled.
         */
        delete: operations["deleteTable"];
        options?: never;
        head?: never;
        /** Rename a table */
        patch: operations["updateTable"];
        trace?: never;
    };
    "/api/v2/tables/{tableId}/columns": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        /**
         * List a table's columns
         * @description Every column in table order; not paginated, `nextCursor` is always null.
         */
        get: operations["listColumns"];
        put?: never;
        /**
         * Add a column
         * @description Gateway extension. An `enrichment` column's signing secret is returned here, once.
         */
        post: operations["createColumn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/columns/{columnId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                columnId: components["parameters"]["ColumnId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a column
         * @description Its cells disappear from rows; its active cell runs are cancelled.
         */
        delete: operations["deleteColumn"];
        options?: never;
        head?: never;
        /** Rename a column or change its slug or enrichment settings */
        patch: operations["updateColumn"];
        trace?: never;
    };
    "/api/v2/tables/{tableId}/rows": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        /**
         * List rows
         * @description Rows with typed cells keyed by column slug (or `cells=flat` for `{ id, <slug>: value }`
         *     rows), plus `total`, the number of rows the filters select. `filters` is a JSON array
         *     of `{ column, operator, value }` (operators `contains`, `not_contains`, `equals`,
         *     `not_equals`, `is_empty`, `is_not_empty`, `greater_than`, `greater_than_or_equal`,
         *     `less_than`, `less_than_or_equal`; comparisons are type-bracketed: numbers compare
         *     with numbers, strings with strings). `sort` is `{ column, direction }`. Without a
         *     sort, pages follow creation order and stay put while rows are added; with one, the
         *     cursor is a position in the sorted result. `format=csv` streams every selected row
         *     (all pages) as CSV with one column per input and enrichment column slug.
         */
        get: operations["listRows"];
        put?: never;
        post?: never;
        /**
         * Soft-delete rows
         * @description Up to 100 ids. Ids of other tables or organizations, unknown ids and rows already
         *     deleted are skipped, so repeating a call answers `deleted: 0`.
         */
        delete: operations["deleteRows"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/rows/upsert": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upsert rows on match columns
         * @description Each row (keys are input-column slugs) updates the one live row whose cells equal it
         *     on every `matchColumns` value, or inserts a new row. Values compare as exact text.
         *     Concurrent upserts of one key never create two rows (a unique index backs it). The
         *     write is recorded as an `enrichment_run`; the same `batchId` again answers `200`
         *     with the first receipt and writes nothing (a different body with a used `batchId`
         *     is `409 IDEMPOTENCY_ERROR`). Rows whose values are all unchanged are `skipped`.
         *     Errors: `UNKNOWN_COLUMN`, `MISSING_MATCH_VALUE`, `DUPLICATE_MATCH_KEY`,
         *     `NON_INPUT_COLUMNS`, `UNKNOWN_FIELDS`, `VALIDATION_ERROR` (400) and
         *     `AMBIGUOUS_MATCH` (409); on any of them nothing is written. `ROW_CONTENTION` (409)
         *     when a row kept losing write races to other requests (retry), and
         *     `MATCH_KEY_CONFLICT` (409) when a row's match values collide with a stored row's
         *     match key that no longer compares equal to them (a row stored before lone
         *     surrogates were refused).
         */
        post: operations["upsertRows"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/rows/upsert-file": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upsert rows from a CSV file
         * @description The same upsert with a base64 CSV as transport: the header line names input-column
         *     slugs; RFC 4180 quoting, an optional UTF-8 BOM and CRLF or LF line ends are
         *     accepted; empty fields are absent values. More than 100 data rows →
         *     `413 TOO_MANY_ROWS` with `details: { rows, limit }`.
         */
        post: operations["upsertRowsFromFile"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop active cell runs
         * @description Cancels every queued or running cell run of the table, or only those of the
         *     `columns` (slugs) given. A call already in flight finishes, but its result is
         *     discarded. `dryRun` reports the active count without changing anything. There are
         *     no lead-source jobs here, so their counts are always 0.
         */
        post: operations["cancelTableCells"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/rows/{rowId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                rowId: components["parameters"]["RowId"];
            };
            cookie?: never;
        };
        /** Get a row */
        get: operations["getRow"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/rows/{rowId}/cells/{columnId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                rowId: components["parameters"]["RowId"];
                columnId: components["parameters"]["ColumnId"];
            };
            cookie?: never;
        };
        /** Get one cell */
        get: operations["getCell"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/enrichment-runs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List enrichment runs
         * @description Every upsert batch of the organization, newest first; `tableId` narrows it to one table.
         */
        get: operations["listEnrichmentRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/enrichment-runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The enrichment-run id (the same value as its `batchId`). */
                runId: components["parameters"]["EnrichmentRunId"];
            };
            cookie?: never;
        };
        /**
         * Get an enrichment run
         * @description Status, enrichment counts and, for upserts, the per-row `outcomes` ledger and `outcomeCounts`.
         */
        get: operations["getEnrichmentRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/enrichment-runs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        /**
         * List a table's enrichment runs
         * @description Like `GET /enrichment-runs?tableId=`, but an unknown table is `404 TABLE_NOT_FOUND`.
         */
        get: operations["listTableEnrichmentRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                /** @description A table-run id (`tableRunId` of an enrichment run, `run_id` of `table.run.completed`). */
                runId: string;
            };
            cookie?: never;
        };
        /**
         * Get a table run
         * @description The parent of an `enrich=true` batch's cell runs: `building` while the batch
         *     writes, `processing` while cells run, then `complete`, `failed` or `cancelled`
         *     with terminal `counts` (null before).
         */
        get: operations["getTableRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/batches": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List enrichment runs (deprecated alias)
         * @deprecated
         * @description The same answer as `GET /enrichment-runs`.
         */
        get: operations["listBatches"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/batches/{batchId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batchId: string;
            };
            cookie?: never;
        };
        /**
         * Get an enrichment run (deprecated alias)
         * @deprecated
         * @description The same answer as `GET /enrichment-runs/{runId}`.
         */
        get: operations["getBatch"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List agents
         * @description Newest first; archived agents are left out. `search` matches the name, case-insensitively.
         */
        get: operations["listAgents"];
        put?: never;
        /**
         * Create an agent and admit its first run
         * @description Creates an agent (its own session container: `workspaceId` and `workspace.id` are
         *     the agent id), takes one of the organization's concurrent-run slots on the default
         *     agent worker and hands the prompt to that worker in the background. Answers `202`
         *     at once with the run in `running`; poll getRun until its status changes.
         *     `409 NO_AGENT_WORKER` when the organization has no agent worker;
         *     `429 CONCURRENT_LIMIT_EXCEEDED` when the worker's `maxConcurrentRuns` are all busy.
         */
        post: operations["createAgentAndRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        /** Get an agent */
        get: operations["getAgent"];
        put?: never;
        post?: never;
        /**
         * Archive an agent
         * @description Soft delete. A run still in flight is cancelled first. The agent's container is
         *     the agent itself, so `workspace.deletedAt` equals `agent.deletedAt`.
         */
        delete: operations["archiveAgent"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agents/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        /**
         * List an agent's runs
         * @description Newest first.
         */
        get: operations["listRuns"];
        put?: never;
        /**
         * Send a follow-up run
         * @description Admits another run on the agent, with the earlier runs as its conversation (this is
         *     how a `needs_input` question is answered). One run per agent at a time, enforced by
         *     an atomic claim on the agent: `409 AGENT_BUSY` with `currentRun` while one is in
         *     flight.
         */
        post: operations["sendRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agents/{id}/runs/{runId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
                /** @description A run id (`v2_run-…`). */
                runId: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        /**
         * Get a run
         * @description The polling read. While the run is `running` the answer carries `Retry-After: 15`;
         *     a terminal run has no `Retry-After`, which is the signal to stop polling.
         */
        get: operations["getRun"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agents/{id}/tables": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        /**
         * List the tables an agent can address
         * @description Every table any run of the agent was focused on; not paginated (`nextCursor` is null).
         */
        get: operations["listAgentTables"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agents/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel the agent's run in flight
         * @description Idempotent and cooperative: always `200` with the latest run (or `{ run: null }`
         *     when the agent never ran). The gateway asks the worker to stop; the run becomes
         *     `cancelled` when the worker confirms or when the cancel grace period
         *     (`OG_AGENT_CANCEL_GRACE_SECONDS`) ends, whichever is first.
         */
        post: operations["cancelActiveRun"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agent-callbacks/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's callback token, exactly as it appears in `callbackUrl`. */
                token: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Receive progress or the result of a run from its agent worker
         * @description The `callbackUrl` sent to a worker. No API key: the token (a MAC over the run id
         *     keyed with the worker secret) names one run, and the body must carry the worker's
         *     Standard Webhooks signature (`webhook-id`, `webhook-timestamp` within 5 minutes,
         *     `webhook-signature`). An unknown or altered token is `404`; a bad signature `401`.
         *     The body is an `AgentRunResult`: `status: running` records progress, any other
         *     status ends the run. A result for a run that already ended is acknowledged with
         *     `accepted: false`.
         */
        post: operations["receiveAgentRunCallback"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agent-workers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List agent workers */
        get: operations["listAgentWorkers"];
        put?: never;
        /**
         * Register an agent worker
         * @description The response is the only time the `whsec_` signing secret is shown. The first
         *     worker of an organization becomes its default.
         */
        post: operations["createAgentWorker"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/agent-workers/{workerId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workerId: string;
            };
            cookie?: never;
        };
        /** Get an agent worker */
        get: operations["getAgentWorker"];
        put?: never;
        post?: never;
        /**
         * Delete an agent worker
         * @description Runs already dispatched to it end when their worker can no longer be reached.
         */
        delete: operations["deleteAgentWorker"];
        options?: never;
        head?: never;
        /**
         * Update an agent worker
         * @description `default: true` makes this the organization's default worker (the previous one stops being it).
         */
        patch: operations["updateAgentWorker"];
        trace?: never;
    };
    "/api/v2/triggers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List triggers
         * @description Triggers of the organization, oldest first. The URL is never listed.
         */
        get: operations["listTriggers"];
        put?: never;
        /**
         * Create a trigger
         * @description Creates an inbound URL bound to one action. The response is the only one that
         *     carries the `url` (besides `rotate-url`) and, when the gateway generated it, the
         *     `standard-webhooks` `secret`. `schema` must be a valid JSON Schema (2020-12, or
         *     draft-07 when it says so in `$schema`); it is compiled once and checked against
         *     every inbound body.
         */
        post: operations["createTrigger"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/triggers/{triggerId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        /** Get a trigger */
        get: operations["getTrigger"];
        put?: never;
        post?: never;
        /**
         * Delete a trigger
         * @description The URL stops working at once; the event log is kept but no longer listed.
         */
        delete: operations["deleteTrigger"];
        options?: never;
        head?: never;
        /**
         * Update a trigger
         * @description Changes any field but the action. `enabled: false` makes the URL answer `404` like an
         *     unknown one. Setting `verification` to `standard-webhooks` without a secret
         *     generates one, returned once as `secret`; `null` removes verification.
         */
        patch: operations["updateTrigger"];
        trace?: never;
    };
    "/api/v2/triggers/{triggerId}/rotate-url": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Issue a new trigger URL
         * @description The new URL is returned once. The URL in use until now keeps working for
         *     `graceSeconds` (default 24 h) and then answers `404`; a URL from before the
         *     previous rotation stops at once.
         */
        post: operations["rotateTriggerUrl"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/triggers/{triggerId}/events": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        /**
         * List a trigger's inbound requests
         * @description Newest first. Duplicates are logged too, with `duplicateOf` naming the original.
         */
        get: operations["listTriggerEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/triggers/{triggerId}/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
                eventId: components["parameters"]["TriggerEventId"];
            };
            cookie?: never;
        };
        /** Get one inbound request */
        get: operations["getTriggerEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/triggers/{triggerId}/events/{eventId}/replay": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
                eventId: components["parameters"]["TriggerEventId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Run a stored request's action again
         * @description Puts a `processed` or `failed` request back to `received` and processes it again
         *     from its stored bytes (`rows.upsert` stays idempotent through the match columns).
         *     A duplicate, or a request still being processed, answers `409`.
         */
        post: operations["replayTriggerEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/hooks/{token}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token of a trigger URL; it is the credential. */
                token: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Inbound trigger URL
         * @description What senders POST to. Checked in this order: body size (256 KB, after decoding a
         *     `Content-Encoding` of gzip, deflate or br), content type (JSON or form), well-formed
         *     text (invalid UTF-8 or a lone surrogate is `400 VALIDATION_ERROR`), the URL's signature (an altered, unknown, disabled, deleted or
         *     rotated-out URL answers the same `404`), the sender's signature over the raw body
         *     when the trigger has verification, the trigger's JSON Schema, then dedup on the
         *     trigger's `dedupPointer` value, `webhook-id` or `Idempotency-Key` within 24 h.
         *     An accepted request is stored durably before the `202`; its action runs
         *     asynchronously with retries.
         */
        post: operations["receiveTriggerHook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List events
         * @description Newest first (event-id order, UUIDv7): a cursor stays put while new events are
         *     recorded, so paging back through a busy log neither repeats nor skips an event.
         *     Items are the envelopes webhook receivers get (`{ type, id, timestamp, data }`),
         *     whether or not any endpoint subscribed to them. Events are kept for
         *     `OG_EVENT_RETENTION_DAYS` (default 30) after they are recorded.
         */
        get: operations["listEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/events/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Stream events live (Server-Sent Events)
         * @description The organization's events as they are recorded, by any gateway process on the
         *     database, as `text/event-stream`. Each event is sent as `id:` (the event id),
         *     `event:` (its type), `key:` (its ordering key: events of one key are delivered to
         *     webhooks in order, and a consumer may handle different keys at once; SSE clients
         *     ignore the field) and one `data:` line holding the envelope receivers get (the
         *     same bytes as every delivery's body). Comment lines (`: heartbeat`) are sent every
         *     `OG_EVENT_STREAM_HEARTBEAT_MS` (default 15 000 ms) while nothing else is.
         *
         *     **Order and resume.** Events are delivered in the order they were recorded for the
         *     organization, and a reconnect with `Last-Event-ID` (the last `id:` received) resumes
         *     right after that event, missing none within retention (`OG_EVENT_RETENTION_DAYS`),
         *     including those filtered out by `types` in between. Without it the stream starts
         *     with the next event recorded. A `Last-Event-ID` that names no retained event of the
         *     organization is `410 LAST_EVENT_ID_UNKNOWN`: reconnect without it, and catch up with
         *     `GET /api/v2/events`. Delivery is at least once: a receiver dedupes by event id.
         *
         *     **Limits.** An organization may have `OG_EVENT_STREAMS_PER_ORG` (default 10)
         *     streams open on one gateway process; one more is `429 STREAM_LIMIT_EXCEEDED`. A
         *     client that reads too slowly (8 MiB queued) is disconnected and resumes with
         *     `Last-Event-ID`. Streams end when the gateway stops; reconnect to another process
         *     or after the restart (EventSource does so by itself).
         */
        get: operations["streamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/events/{eventId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An event id (the envelope's `id`, the deliveries' `webhook-id`). */
                eventId: string;
            };
            cookie?: never;
        };
        /**
         * Get one event
         * @description The envelope exactly as webhook receivers get it: the same bytes as the body of
         *     every delivery of the event, so a receiver can verify or replay its own handling.
         *     An event past retention, or of another organization, is `404 EVENT_NOT_FOUND`.
         */
        get: operations["getEvent"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/delivery-stats": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Delivery statistics
         * @description Delivery attempts of the last hour (per minute) or day (per 15 minutes) by
         *     outcome, with p50/p99 attempt latency per bucket and overall, and the deliveries
         *     still pending (and those of them already retried). Read from at most the 20,000
         *     newest deliveries of the window (`sampled: true` beyond). The console's overview.
         */
        get: operations["getWebhookDeliveryStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook deliveries of every endpoint
         * @description Newest first. Filters combine: event type, status, endpoint (deleted endpoints'
         *     history included) and a creation window (`createdAfter` < `createdAt` <
         *     `createdBefore`, both exclusive; `createdAfter` must be before `createdBefore`).
         */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/deliveries/{deliveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: components["parameters"]["WebhookDeliveryId"];
            };
            cookie?: never;
        };
        /**
         * Get a webhook delivery with its attempts
         * @description The delivery with its attempt log: each attempt's time, outcome, response status,
         *     the first 2 KB of the response body, latency, error and the next attempt time.
         *     Here `attempts` is the attempt log and `attemptCount` the number of attempts.
         */
        get: operations["getWebhookDelivery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/deliveries/{deliveryId}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: components["parameters"]["WebhookDeliveryId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver a webhook delivery
         * @description Starts a new attempt cycle for the same event with the same `webhook-id` (and
         *     the same body), whatever the delivery's status. A delivery that is still
         *     pending is left as it is.
         */
        post: operations["redeliverWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List webhook endpoints
         * @description Oldest first. Secrets are never listed; `secretLast4` identifies them.
         */
        get: operations["listWebhookEndpoints"];
        put?: never;
        /**
         * Create a webhook endpoint
         * @description Gateway extension. The URL must be `https://` with a host name on the default
         *     port, without credentials, and not a cloud metadata host; the resolved address
         *     is checked again at every dial (private, loopback and link-local addresses are
         *     refused). `events` takes event names and the wildcards `*`, `sequence.*`,
         *     `sequence.connection.*`, `table.*`, `agent.*`, `trigger.*` and `webhook.*`; an empty list
         *     (`"events": []`) subscribes to every event, exactly like `["*"]`; `webhook.test`
         *     is delivered whatever the subscription. At most 5 endpoints per organization
         *     may be enabled (`OG_WEBHOOK_MAX_ENDPOINTS`); past that, `409
         *     WEBHOOK_ENDPOINT_LIMIT`. The `whsec_` signing secret is in this response only.
         */
        post: operations["createWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/{webhookId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        /** Get a webhook endpoint */
        get: operations["getWebhookEndpoint"];
        put?: never;
        post?: never;
        /**
         * Delete a webhook endpoint
         * @description Its pending deliveries are dropped; the delivery history is kept.
         */
        delete: operations["deleteWebhookEndpoint"];
        options?: never;
        head?: never;
        /**
         * Update a webhook endpoint
         * @description Changes the URL, events, name, description, headers or `enabled`. Disabling pauses
         *     delivery (nothing new is queued for the endpoint); enabling it again clears
         *     `disabledReason` and resumes the paused deliveries.
         */
        patch: operations["updateWebhookEndpoint"];
        trace?: never;
    };
    "/api/v2/webhooks/{webhookId}/test": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send a test event to an endpoint
         * @description Records a `webhook.test` event for this endpoint only (whatever it subscribes
         *     to) and delivers it like any other event; the response is its delivery.
         */
        post: operations["testWebhookEndpoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/{webhookId}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate an endpoint's signing secret
         * @description The new `whsec_` secret is in this response only. The previous secret keeps
         *     signing for 24 hours (until `previousSecretExpiresAt`): during that window
         *     every request carries two `v1,` signatures. The body is optional: `{ "secret" }`
         *     sets the new secret to one of your own (same rules as on create).
         */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/{webhookId}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        /**
         * List an endpoint's deliveries
         * @description Newest first; the same filters as the organization-wide list.
         */
        get: operations["listWebhookEndpointDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/{webhookId}/recover": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Redeliver an endpoint's failed deliveries in a time window
         * @description Starts a new attempt cycle for every `failed` or `dropped` delivery of the
         *     endpoint created in `[since, until)` (`until` defaults to now). Small windows
         *     are handled before the answer (`status: completed`); larger ones run as a
         *     background job whose progress (`processed` of `total`) is readable at
         *     `GET /api/v2/webhooks/{webhookId}/recoveries/{recoveryId}`.
         */
        post: operations["recoverWebhookDeliveries"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/webhooks/{webhookId}/recoveries/{recoveryId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
                recoveryId: string;
            };
            cookie?: never;
        };
        /** Get a recovery's progress */
        get: operations["getWebhookRecovery"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/senders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List sending accounts */
        get: operations["listSenders"];
        put?: never;
        /**
         * Add a sending account (SMTP mailbox or HTTP provider)
         * @description Exactly one of `smtp`, `http` and `sink`; LinkedIn senders use `http` (or `sink`). The
         *     SMTP password is write-only. An `http` sender's `secret` (`whsec_…`) is returned here
         *     only; the provider uses it to verify the gateway's signed calls. Gateway addition: a
         *     `sink` sender accepts every message and sends nothing (steps are recorded `sent` and
         *     their events emitted as usual), for development; it is refused (`400`) unless
         *     `OG_SINK_SENDERS` allows it, which by default it does only on a gateway listening on
         *     loopback.
         */
        post: operations["createSender"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/senders/{senderId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                senderId: components["parameters"]["SenderId"];
            };
            cookie?: never;
        };
        /** Fetch a sending account */
        get: operations["getSender"];
        put?: never;
        post?: never;
        /**
         * Remove a sending account
         * @description Steps due on a removed sender fail with a reason; launching needs another sender.
         */
        delete: operations["deleteSender"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/sequences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List sequences within a table, column or workspace
         * @description Needs one of `tableId`, `columnId` or `workspaceId` (else `400 MISSING_SCOPE`).
         *     A `workspaceId` is an agent's container (the `workspaceId` agents and runs carry):
         *     it lists the sequences of that agent's tables; an unknown one lists nothing.
         *     `status` (comma-separated), `channel` and `recipient` (an email or LinkedIn slug)
         *     narrow the list.
         */
        get: operations["listSequences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/sequences": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        /**
         * List a table's sequences
         * @description Same filters as `GET /sequences`; a missing table (or another organization's) is `404 TABLE_NOT_FOUND`.
         */
        get: operations["listTableSequences"];
        put?: never;
        /**
         * Deprecated alias of POST /tables/{tableId}/campaigns
         * @deprecated
         * @description Same bodies and answers as `createTableCampaign`.
         */
        post: operations["createTableSequence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/sequences/{sequenceId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        /**
         * Fetch a sequence with its steps
         * @description Steps are inline; provider credentials and send leases never appear.
         */
        get: operations["getSequence"];
        put?: never;
        post?: never;
        /**
         * Delete a sequence (force, dryRun)
         * @description Soft delete; pending steps are cancelled. A sequence that already sent something
         *     answers `409 SEQUENCE_HAS_SENT_MESSAGES` unless `force=true`. `dryRun=true` reports
         *     what would happen and writes nothing.
         */
        delete: operations["deleteSequenceRest"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/sequences/{sequenceId}/stop": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop a sequence (sent history kept)
         * @description `action` is `stopped` (pending steps cancelled), `noop` (already over) or
         *     `nothing-to-stop` (a draft that was never launched). `dryRun=true` writes nothing.
         */
        post: operations["stopSequence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/sequences/{sequenceId}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deprecated alias of DELETE /sequences/{sequenceId}
         * @deprecated
         * @description The flags travel in the body (`forceDeletionOfSentMessages`, `dryRun`).
         */
        post: operations["deleteSequence"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/tables/{tableId}/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        /**
         * List the campaigns sending from a table
         * @description One page, newest first (`nextCursor` is always null).
         */
        get: operations["listTableCampaigns"];
        put?: never;
        /**
         * Draft a campaign on a table
         * @description Two forms. The explicit draft (gateway extension) creates the campaign, its
         *     `sequence` column and one draft sequence per target row at once (`201`); `{{slug}}`
         *     placeholders read the row's input cells, and a row missing a value is skipped with
         *     its reason. The published `{ instructions }` form hands drafting to the
         *     organization's agent worker (`202 { agent, run, table }`); without a worker it
         *     answers `409 NO_AGENT_WORKER`. That run's request carries a `campaign.draft` `task`
         *     (`AgentRunTask`: the table, the instructions and the organization's senders); poll
         *     the run, and its `response.actions[]` names the drafted campaign. Nothing is sent
         *     until the campaign is launched.
         */
        post: operations["createTableCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        /** Fetch a campaign */
        get: operations["getCampaignById"];
        put?: never;
        post?: never;
        /**
         * Delete a campaign (confirm, dryRun)
         * @description Without `confirm=true` (or with `dryRun=true`) answers the impact preview and
         *     removes nothing. Confirmed, the campaign is removed and its unfinished sequences
         *     are stopped.
         */
        delete: operations["deleteCampaign"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/people": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        /** List the people (sequences) of a campaign */
        get: operations["listCampaignPeople"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/sequences": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        /** Synonym of GET /campaigns/{campaignId}/people */
        get: operations["listCampaignSequences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/stats": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        /** Campaign counts (sent, replied, stopped, connections) */
        get: operations["getCampaignStats"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/edits": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Request a content change to a campaign (agentic)
         * @description Hands `{ instructions }` to the organization's agent worker as a `campaign.edit`
         *     run (`AgentRunTask`: the instructions and the campaign's current steps, each with
         *     how many sequences sent it and whether it is still `editable`) and answers
         *     `202 { agent, run, campaign }`; poll `GET /agents/{agentId}/runs/{runId}`. The
         *     worker applies the change with `PATCH /campaigns/{campaignId}/steps`. Each campaign
         *     has one edit agent, so a request while its previous edit run is in flight is
         *     `409 AGENT_BUSY`; no worker is `409 NO_AGENT_WORKER`; the worker's concurrency cap
         *     is `429 CONCURRENT_LIMIT_EXCEEDED`.
         */
        post: operations["editCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/steps": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the copy of steps not yet sent (gateway extension)
         * @description New `subject` and/or `body` templates for some steps, checked like a draft's
         *     (`{{slug}}` placeholders name input columns, the first email step keeps a subject,
         *     a LinkedIn step has none, an email follow-up without one replies in the first
         *     email's thread). A step any sequence has sent or is sending keeps its copy:
         *     changing it is `409 STEP_ALREADY_SENT` (`details.steps` names it) and nothing
         *     changes. The new templates are rendered into every sequence whose copy of the
         *     step is still waiting (`draft` or `scheduled`); a sequence whose row no longer
         *     fills a placeholder keeps its copy and is listed in `sequences.skipped`.
         *     Follow-ups whose subject was `Re: <first subject>` follow a new first subject.
         *     The `campaign.edit` run's worker calls this with the run's key; users may too.
         *     Applying the same edit again changes nothing, except that it finishes an edit
         *     interrupted part-way (waiting sequences still holding other copy take it).
         */
        patch: operations["editCampaignSteps"];
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/launch": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Launch a campaign (idempotent; dryRun)
         * @description Activates the campaign and schedules the first step of every draft sequence. Each
         *     channel the steps use needs a sender, else `409 NO_SENDING_ACCOUNT` with
         *     `details.missingChannels`. Launching an active campaign changes nothing.
         */
        post: operations["launchCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/send": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Alias of POST /campaigns/{campaignId}/launch */
        post: operations["sendCampaign"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/pause": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Pause a campaign (idempotent; dryRun)
         * @description Nothing more is sent until resume; a step already on the wire finishes.
         */
        post: operations["pauseCampaignById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/campaigns/{campaignId}/resume": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Resume a campaign where its sequences stopped (idempotent; dryRun) */
        post: operations["resumeCampaignById"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not served: List workspaces (cursor-paginated; ?search=) */
        get: operations["listWorkspaces"];
        put?: never;
        /** Not served: Bootstrap a workspace (upload-first flows) */
        post: operations["createWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        /** Not served: Fetch a workspace */
        get: operations["getWorkspace"];
        put?: never;
        post?: never;
        /** Not served: Delete a workspace (two-step; ?confirm=true) */
        delete: operations["deleteWorkspaceRest"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}/delete": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not served: Legacy alias: delete a workspace (body-confirm protocol) */
        post: operations["deleteWorkspace"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}/documents": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        /** Not served: List workspace-scoped documents (cursor-paginated) */
        get: operations["listWorkspaceDocuments"];
        put?: never;
        /** Not served: Upload files into a workspace (the single ingest verb) */
        post: operations["uploadWorkspaceDocuments"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}/uploads": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not served: Legacy alias: upload files (use POST /workspaces/{workspaceId}/documents) */
        post: operations["uploadWorkspaceFilesLegacy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}/documents/{documentId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        /** Not served: Read a document (metadata + content) */
        get: operations["getWorkspaceDocument"];
        put?: never;
        post?: never;
        /** Not served: Delete a workspace document */
        delete: operations["deleteWorkspaceDocument"];
        options?: never;
        head?: never;
        /** Not served: Rename a document */
        patch: operations["renameWorkspaceDocument"];
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}/documents/{documentId}/rename": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not served: Legacy alias: rename a document (use PATCH .../documents/{documentId}) */
        post: operations["renameWorkspaceDocumentLegacy"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/workspaces/{workspaceId}/campaigns": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        /** Not served: List a workspace's campaigns */
        get: operations["listWorkspaceCampaigns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/scheduled-agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not served: List scheduled agents (cursor-paginated; filters workspaceId/enabled) */
        get: operations["listScheduledAgents"];
        put?: never;
        /** Not served: Create a scheduled agent (disabled by default) */
        post: operations["createScheduledAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/scheduled-agents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Not served: Fetch a scheduled agent (+ planBlocked, last run) */
        get: operations["getScheduledAgent"];
        put?: never;
        post?: never;
        /** Not served: Delete a scheduled agent (soft-delete) */
        delete: operations["deleteScheduledAgent"];
        options?: never;
        head?: never;
        /** Not served: Edit a scheduled agent */
        patch: operations["patchScheduledAgent"];
        trace?: never;
    };
    "/api/v2/scheduled-agents/{id}/enable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not served: Enable a scheduled agent */
        post: operations["enableScheduledAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/scheduled-agents/{id}/disable": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not served: Disable a scheduled agent */
        post: operations["disableScheduledAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/scheduled-agents/{id}/trigger": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Not served: Manually trigger a run */
        post: operations["triggerScheduledAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/scheduled-agents/{id}/runs": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        /** Not served: Run history (failed runs carry a workspace-chat handoff) */
        get: operations["listScheduledAgentRuns"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/projects": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not served: List projects (cursor-paginated; ?search=) */
        get: operations["listProjects"];
        put?: never;
        /** Not served: Create a project (child org) */
        post: operations["createProject"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/projects/{projectId}": {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        /** Not served: Fetch a project */
        get: operations["getProject"];
        put?: never;
        post?: never;
        /** Not served: Delete a project (two-step; ?confirm=true, ?dryRun=true) */
        delete: operations["deleteProject"];
        options?: never;
        head?: never;
        /** Not served: Update a project's name, budget cap, or enforcement mode */
        patch: operations["updateProject"];
        trace?: never;
    };
    "/api/v2/account": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not served: Org account overview (plan, capabilities, workspace usage) */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v2/account/credits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Not served: Credit balance (supersedes v1 GET /credits) */
        get: operations["getAccountCredits"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface webhooks {
    "sequence.message.sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Message sent
         * @description A sequence email or LinkedIn message was sent.
         */
        post: operations["sequenceMessageSent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sequence.reply.received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reply received
         * @description An inbound email or LinkedIn message matched an active sequence; sequences that stop on reply are stopped.
         */
        post: operations["sequenceReplyReceived"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sequence.connection.requested": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Connection requested
         * @description A sequence sent a LinkedIn invitation; `message.body` is the note (empty when none).
         */
        post: operations["sequenceConnectionRequested"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "sequence.connection.accepted": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Connection accepted
         * @description The recipient accepted a LinkedIn invitation sent by a sequence.
         */
        post: operations["sequenceConnectionAccepted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "table.run.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Table run completed
         * @description A table run (an API enrichment batch) ended: complete, cancelled or failed, with aggregate counts.
         */
        post: operations["tableRunCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "agent.run.completed": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Agent run completed
         * @description Gateway addition: an agent run reached a terminal status.
         */
        post: operations["agentRunCompleted"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "trigger.received": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Trigger received
         * @description Gateway addition: an inbound trigger of action `event` accepted a request. Posts are not ordered among themselves (they are delivered concurrently) unless the trigger names an `orderingKey`: then posts whose bodies hold the same value there are delivered to each endpoint one after another, in the order they were accepted.
         */
        post: operations["triggerReceived"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook.test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test event
         * @description Sent by `POST /api/v2/webhooks/{webhookId}/test` to that endpoint only, whatever it subscribes to.
         */
        post: operations["webhookTest"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "webhook.endpoint.disabled": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Endpoint disabled
         * @description Gateway addition, operational: the gateway disabled an endpoint because it answered
         *     `410 Gone` or failed too many attempts in a row. Sent to the organization's other
         *     enabled endpoints subscribed to it (`webhook.endpoint.disabled`, `webhook.*` or
         *     every event), never to the disabled one. Enable the endpoint again with
         *     `PATCH /api/v2/webhooks/{webhookId}` `{ "enabled": true }`.
         */
        post: operations["webhookEndpointDisabled"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export interface components {
    schemas: {
        ErrorEnvelope: {
            /** @description Human-readable explanation. */
            error: string;
            /** @description Stable machine-readable code. */
            code: string;
            details?: {
                [key: string]: unknown;
            };
        };
        ListEnvelope: {
            /** @constant */
            object: "list";
            items: unknown[];
            nextCursor: string | null;
            /** @description The path the list was read from, without the query string. */
            url: string;
        };
        Health: {
            /** @enum {string} */
            status: "ok";
        };
        Readiness: {
            /** @enum {string} */
            status: "ready" | "not_ready";
            checks: {
                [key: string]: "ok" | "failing";
            };
        };
        /** @enum {string} */
        Scope: "read" | "write" | "admin";
        /**
         * @description A console area a portal session may use: `webhooks` (endpoints, deliveries,
         *     recoveries, delivery statistics), `events` (the event log), `triggers` (inbound
         *     triggers and their events).
         * @enum {string}
         */
        PortalArea: "webhooks" | "events" | "triggers";
        Credential: {
            /** @enum {string} */
            object: "credential";
            /** @enum {string} */
            kind: "api_key" | "portal_session";
            organization: {
                id: string;
                name: string;
            };
            /** @description The API key's id (null for a portal session). */
            keyId?: string | null;
            scopes: components["schemas"]["Scope"][];
            /** @description The console areas it may use (every area for an API key with the scope they need). */
            areas: components["schemas"]["PortalArea"][];
            /** Format: date-time */
            expiresAt: string | null;
        };
        CreatePortalSessionRequest: {
            scopes?: components["schemas"]["PortalArea"][];
            /** @default 3600 */
            expiresInSeconds?: number;
        } | null;
        PortalSession: {
            /** @enum {string} */
            object: "portal_session";
            /** Format: uuid */
            id: string;
            /** @description The console's address with the session token in its fragment; shown once, absent from an idempotent replay (a retry after a 5xx answers the session with a new token, and the unseen one stops working). */
            url?: string;
            scopes: components["schemas"]["PortalArea"][];
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            createdAt: string;
        };
        ApiKey: {
            /** @constant */
            object: "api_key";
            /** Format: uuid */
            id: string;
            name: string;
            scopes: components["schemas"]["Scope"][];
            /** @description Always `og_live_`. */
            prefix: string;
            last4: string;
            /** @description Per-key override of the organization's request limit. */
            rateLimitPerMinute?: number | null;
            /** Format: date-time */
            createdAt: string;
            /**
             * Format: date-time
             * @description Updated at most once a minute.
             */
            lastUsedAt: string | null;
            /** Format: date-time */
            revokedAt: string | null;
        };
        ApiKeyWithSecret: components["schemas"]["ApiKey"] & {
            /** @description Shown once; absent from an idempotent replay. */
            key?: string;
        };
        CreateApiKeyRequest: {
            name: string;
            scopes: components["schemas"]["Scope"][];
            rateLimitPerMinute?: number;
        };
        /** @enum {string} */
        ColumnKind: "input" | "enrichment" | "score" | "sequence";
        /** @description url-safe, unique in its table; `id` is reserved. */
        ColumnSlug: string;
        CellsLiveness: {
            /** @description Cells with a queued or running cell run. */
            running: number;
            /** @description Cells whose latest run settled as errored. */
            errored: number;
        };
        CreditsLifetime: {
            /** @description Always 0; the gateway does not bill. */
            lifetimeUsed: number;
        };
        EnrichmentSettings: {
            /** Format: uri */
            url: string;
            timeoutMs: number;
            secretLast4: string;
            /** @description The column's `whsec_` signing secret; only on the response that creates the column (not on its idempotent replay). */
            secret?: string;
        };
        TableColumn: {
            /** @constant */
            object: "column";
            /** Format: uuid */
            id: string;
            name: string;
            /** @description `static` for input columns, `code` for the others. */
            type: string;
            kind: components["schemas"]["ColumnKind"];
            slug: string | null;
            /** @description True for enrichment columns (they run on inserted rows). */
            autoTrigger: boolean;
            credits: components["schemas"]["CreditsLifetime"];
            cells: components["schemas"]["CellsLiveness"];
            /** @description Only on enrichment columns. */
            enrichment?: components["schemas"]["EnrichmentSettings"];
            /** Format: date-time */
            createdAt?: string;
            stats?: components["schemas"]["ColumnStats"];
        };
        /** @description Only with `include=stats`. */
        ColumnStats: {
            /** @description Always 0 (the gateway charges no credits). */
            avgCreditsPerRun: number;
            /** @description Share of the table's live rows that have a run of this column (0 for input columns). */
            callRate: number;
            /** @description Lifetime cell runs of this column that were attempted. */
            totalRuns: number;
        };
        /**
         * @description Only with `include=stats`. The gateway charges no credits and has no lead sources,
         *     exclusion lists or relevance conditions: credit figures are 0, `leadSources` is
         *     empty, `qualification` null and nothing is excluded. The funnel counts the rows
         *     the table's upserts received: `totalSourcedLeads` all of them, `dedupedLeads`
         *     those that matched an existing row (updated or unchanged), `postStaticLeads`
         *     those inserted. `running` counts rows with queued or running cell runs.
         */
        TableStats: {
            creditsPerLead: number;
            creditsPerQualifiedLead: number;
            findMoreEstimatedCredits: number;
            qualification: null;
            funnel: {
                totalSourcedLeads: number;
                postStaticLeads: number;
                dedupedLeads: number;
                dedupRate: number | null;
                excludedLeads: number;
                excludedRate: number | null;
            };
            running: {
                runningLeads: number;
                /** Format: date-time */
                oldestActiveRunStartedAt: string | null;
            };
            leadSources: unknown[];
            hasUnknownTotalWithMore: boolean;
        };
        Table: {
            /** @constant */
            object: "table";
            /** Format: uuid */
            id: string;
            /** @description Always null; workspaces are out of scope. */
            workspaceId: null;
            name: string;
            /** @description Live (not deleted) rows. */
            leadCount: number;
            columns: components["schemas"]["TableColumn"][];
            credits: components["schemas"]["CreditsLifetime"];
            cells: components["schemas"]["CellsLiveness"];
            /**
             * Format: uri
             * @description The table's address on this gateway.
             */
            url: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
            stats?: components["schemas"]["TableStats"];
        };
        ColumnInput: {
            name: string;
            slug?: components["schemas"]["ColumnSlug"];
            /** @enum {string} */
            kind: "input" | "enrichment";
            enrichment?: components["schemas"]["EnrichmentInput"];
        };
        EnrichmentInput: {
            /** Format: uri */
            url: string;
            /** @description Default 10000. */
            timeoutMs?: number;
        };
        CreateTableRequest: {
            name: string;
            columns?: components["schemas"]["ColumnInput"][];
        };
        UpdateTableRequest: {
            name: string;
        };
        UpdateColumnRequest: {
            name?: string;
            slug?: components["schemas"]["ColumnSlug"];
            enrichment?: components["schemas"]["EnrichmentInput"];
        };
        DeletedObject: {
            object: string;
            /** Format: uuid */
            id: string;
            /** @constant */
            deleted: true;
        };
        /** @description Any JSON value; objects and arrays are stored and read back unchanged (a match column compares them as their JSON text). */
        CellValue: string | number | boolean | null | Record<string, never> | unknown[];
        /**
         * @description A typed cell: `scalar` for input columns, `value` (with its latest `run`) for
         *     enrichment columns, `sequence` for sequence columns.
         */
        Cell: {
            /** @enum {string} */
            kind: "scalar" | "value" | "sequence";
            value: unknown;
            run?: {
                /** Format: uuid */
                id: string;
                /** Format: uuid */
                tableRunId?: string | null;
                /** @enum {string} */
                status: "queued" | "running" | "complete" | "errored" | "cancelled";
                attempts: number;
                error: string | null;
                /** Format: date-time */
                updatedAt: string;
            } | null;
        };
        Row: {
            /** @constant */
            object: "row";
            /** Format: uuid */
            id: string;
            cells: {
                [key: string]: components["schemas"]["Cell"];
            };
            /** Format: date-time */
            createdAt?: string;
            /** Format: date-time */
            updatedAt?: string;
        };
        /** @description `cells=flat`: the row id and one `<slug>: value` entry per column. */
        FlatRow: {
            /** Format: uuid */
            id: string;
        } & {
            [key: string]: unknown;
        };
        CellDetail: components["schemas"]["Cell"] & {
            /** @constant */
            object: "cell";
            /** Format: uuid */
            rowId: string;
            /** Format: uuid */
            columnId: string;
            slug: string | null;
        };
        DeleteRowsRequest: {
            rowIds: string[];
        };
        DeleteRowsReceipt: {
            deleted: number;
            requested: number;
        };
        /** @description Input-column slugs; a row matches when every one of them is equal. A name that is no input column is `UNKNOWN_COLUMN`. */
        MatchColumns: string[];
        UpsertRowsRequest: {
            rows: {
                [key: string]: components["schemas"]["CellValue"];
            }[];
            matchColumns: components["schemas"]["MatchColumns"];
            /**
             * @description Run enrichment columns on inserted rows.
             * @default true
             */
            enrich?: boolean;
            /**
             * @description Also run them on updated rows.
             * @default false
             */
            reenrichUpdated?: boolean;
            /**
             * Format: uuid
             * @description Makes the upsert replayable; becomes the run id.
             */
            batchId?: string;
        };
        UpsertRowsFileRequest: {
            /** @description Base64 of a UTF-8 CSV file. */
            content: string;
            filename?: string;
            matchColumns: components["schemas"]["MatchColumns"];
            /**
             * @description Run enrichment columns on inserted rows.
             * @default true
             */
            enrich?: boolean;
            /**
             * @description Also run them on updated rows.
             * @default false
             */
            reenrichUpdated?: boolean;
            /**
             * Format: uuid
             * @description Makes the upsert replayable; becomes the run id.
             */
            batchId?: string;
        };
        OutcomeCounts: {
            inserted: number;
            updated: number;
            skipped: number;
        };
        UpsertReceipt: {
            /** @constant */
            object: "enrichment_run";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            batchId: string;
            /** Format: uuid */
            tableRunId: string | null;
            counts: components["schemas"]["OutcomeCounts"];
        };
        EnrichmentRun: {
            /** @constant */
            object: "enrichment_run";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            batchId: string;
            /** Format: uuid */
            tableId: string;
            /** @enum {string} */
            type: "upsert";
            /** @enum {string} */
            status: "processing" | "complete" | "failed" | "cancelled";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            completedAt: string | null;
            /** Format: uuid */
            tableRunId: string | null;
        };
        EnrichmentRunDetail: components["schemas"]["EnrichmentRun"] & {
            rowCount: number;
            enrichments: {
                total: number;
                completed: number;
                pending: number;
                failed: number;
            };
            /** @constant */
            creditsUsed: 0;
            outcomes: {
                inputIndex: number;
                /** Format: uuid */
                rowId: string | null;
                /** @enum {string} */
                outcome: "inserted" | "updated" | "skipped";
            }[];
            outcomeCounts: components["schemas"]["OutcomeCounts"];
        };
        TableRunCounts: {
            complete: number;
            errored: number;
            cancelled: number;
        };
        TableRun: {
            /** @constant */
            object: "table_run";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            tableId: string;
            /** Format: uuid */
            enrichmentRunId?: string;
            /** @enum {string} */
            source: "agent" | "api" | "ui" | "lead_source" | "backfill";
            /** @enum {string} */
            status: "building" | "processing" | "cancelling" | "failing" | "complete" | "cancelled" | "failed";
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            activatedAt: string | null;
            /** Format: date-time */
            completedAt: string | null;
            failureReason: string | null;
            counts: null | components["schemas"]["TableRunCounts"];
        };
        CancelTableCellsRequest: {
            columns?: string[];
            /** @default false */
            dryRun?: boolean;
        };
        CancelTableCellsResult: {
            /** Format: uuid */
            tableId: string;
            dryRun?: boolean;
            /** @description Dry run only. */
            activeCells?: number;
            /**
             * @description Dry run only.
             * @constant
             */
            activeLeadSourceJobs?: 0;
            cancelledCells?: number;
            /** @constant */
            cancelledLeadSourceJobs?: 0;
        };
        /** @enum {string} */
        PublicModel: "origami-lite" | "origami-max";
        /**
         * @description `running` until the worker (or the gateway: timeout, cancel, unreachable worker) ends the run.
         * @enum {string}
         */
        RunStatus: "running" | "completed" | "needs_input" | "step_cap_hit" | "incomplete" | "cancelled" | "errored" | "timed_out";
        RunSteps: {
            completed: number;
            max: number;
        };
        RunSummary: {
            /** @constant */
            object: "run";
            /** @description Text id with the `v2_run-` prefix. */
            id: string;
            /** Format: uuid */
            agentId: string;
            status: components["schemas"]["RunStatus"];
            /** @description In lists, cut to 200 characters (ending in `…`); full on getRun. */
            prompt: string;
            model: components["schemas"]["PublicModel"];
            steps: components["schemas"]["RunSteps"];
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            completedAt: string | null;
        };
        RunAction: {
            /** @enum {string} */
            type: "table_created" | "column_added" | "columns_updated" | "columns_deleted" | "leads_added" | "leads_deleted" | "leads_restored" | "columns_restored" | "table_restored";
            tableId: string;
        } & {
            [key: string]: unknown;
        };
        PendingQuestion: {
            /** @enum {string} */
            type: "single-choice" | "confirm";
            question: string;
            suggestedAnswers: string[];
            /** @constant */
            freeformOption: "Or something else";
        };
        NextAction: {
            label: string;
            /** @enum {string} */
            type?: "upload_csv" | "find_more_leads" | "export_csv" | "input_required" | "send_messages" | "schedule_play";
            tableSlug?: string;
        };
        RunTodo: {
            pendingQuestions: components["schemas"]["PendingQuestion"][];
            nextActions: components["schemas"]["NextAction"][];
        };
        RunResponse: {
            /** @description Null on `errored` and `timed_out` runs. */
            text: string | null;
            actions: components["schemas"]["RunAction"][];
            tables: components["schemas"]["Table"][];
            /** @description Transcripts are not kept by the gateway. */
            transcript: null;
            transcriptTruncated: boolean;
        };
        Run: components["schemas"]["RunSummary"] & {
            /**
             * Format: uuid
             * @description The agent id (each agent is its own container).
             */
            workspaceId: string;
            request: {
                prompt: string;
                model: components["schemas"]["PublicModel"];
                focusTableIds: string[];
            };
            /** @description Null while the run is `running`. */
            response: null | components["schemas"]["RunResponse"];
            todo: components["schemas"]["RunTodo"];
        };
        AgentSummary: {
            /** @constant */
            object: "agent";
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: uuid */
            workspaceId: string;
            /** Format: date-time */
            createdAt: string;
        };
        Agent: components["schemas"]["AgentSummary"] & {
            /** @constant */
            apiKeyOwned: true;
            lastRun: null | components["schemas"]["RunSummary"];
        };
        AgentWorkspace: {
            /** @constant */
            object: "workspace";
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: date-time */
            createdAt: string;
            /** @constant */
            createdByApi: true;
        };
        ArchivedAgent: {
            agent: {
                /** @constant */
                object: "agent";
                /** Format: uuid */
                id: string;
                /** Format: date-time */
                deletedAt: string;
            };
            workspace: {
                /** @constant */
                object: "workspace";
                /** Format: uuid */
                id: string;
                /** Format: date-time */
                deletedAt: string | null;
            };
        };
        RunAttachment: {
            /** @constant */
            kind: "document";
            /** Format: uuid */
            documentId: string;
        } | {
            /** @constant */
            kind: "table";
            /** Format: uuid */
            tableId: string;
        };
        SendRunRequest: {
            prompt: string;
            focusTableIds?: string[];
            /** @description `table` attachments join `focusTableIds`; `document` attachments are refused (`400 INVALID_ATTACHMENT`). */
            attachments?: components["schemas"]["RunAttachment"][];
            model?: components["schemas"]["PublicModel"];
        };
        CreateAgentRequest: {
            /** @description Defaults to the start of the prompt (also when empty). */
            name?: string;
            prompt: string;
            /**
             * Format: uuid
             * @deprecated
             * @description Accepted for compatibility and ignored; every agent is its own container.
             */
            workspaceId?: string | null;
            focusTableIds?: string[];
            attachments?: components["schemas"]["RunAttachment"][];
            model?: components["schemas"]["PublicModel"];
        };
        AgentWorker: {
            /** @constant */
            object: "agent_worker";
            /** Format: uuid */
            id: string;
            name: string;
            /** Format: uri */
            url: string;
            /** @description New agents run on the organization's default worker. */
            default: boolean;
            /** @description Wall-clock limit of one run; it then ends `timed_out`. */
            timeoutSeconds: number;
            /** @description Runs of the organization in flight on this worker at once. */
            maxConcurrentRuns: number;
            secretLast4: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        AgentWorkerWithSecret: components["schemas"]["AgentWorker"] & {
            /** @description Verifies the gateway's calls; shown once (absent from an idempotent replay). */
            secret?: string;
        };
        CreateAgentWorkerRequest: {
            name: string;
            /**
             * Format: uri
             * @description https:// (http:// and private addresses only with OG_ALLOW_PRIVATE_NETWORK).
             */
            url: string;
            default?: boolean;
            /** @default 1200 */
            timeoutSeconds?: number;
            /** @default 3 */
            maxConcurrentRuns?: number;
        };
        UpdateAgentWorkerRequest: {
            name?: string;
            /** Format: uri */
            url?: string;
            /** @description Only `true`: make another worker the default to change it. */
            default?: boolean;
            timeoutSeconds?: number;
            maxConcurrentRuns?: number;
        };
        /**
         * @description What the gateway POSTs to an agent worker's `url` (signed with the worker secret,
         *     Standard Webhooks headers, `webhook-id` = the run id). The worker answers `200`
         *     with an `AgentRunResult` (synchronous), or `202` and later POSTs results to
         *     `callbackUrl`. `5xx`, `408`, `429`, timeouts and network errors are retried;
         *     other answers end the run `errored`. `apiKey` is an `og_live_` key of the run's
         *     organization with `read` and `write`, revoked when the run ends.
         */
        AgentRunRequest: {
            /** @constant */
            type: "agent.run.requested";
            run: {
                id: string;
                /** Format: uuid */
                agentId: string;
                prompt: string;
                model: components["schemas"]["PublicModel"];
                focusTableIds: string[];
            };
            /** @description The agent's earlier runs, oldest first. */
            history: {
                /** @enum {string} */
                role: "user" | "assistant";
                runId: string;
                content: string;
            }[];
            /** Format: uri */
            callbackUrl: string;
            /** Format: uri */
            apiBaseUrl: string;
            apiKey: string;
            /** Format: date-time */
            deadlineAt: string;
            task?: components["schemas"]["AgentRunTask"];
        };
        /**
         * @description Present only on runs the gateway starts for its own work, so a worker learns what
         *     is wanted from a field rather than by reading prose (the `prompt` still says it in
         *     words for model-driven workers). `type` tells the two apart.
         */
        AgentRunTask: components["schemas"]["CampaignDraftTask"] | components["schemas"]["CampaignEditTask"];
        /**
         * @description From `createTableCampaign` with `{ instructions }`: the worker drafts the campaign
         *     on `tableId` through the v2 API with `apiKey` — `POST /tables/{tableId}/campaigns`
         *     with an explicit draft — and names it in `response.actions[]` (a `column_added`
         *     action for the campaign's sequence column, with `campaignId`). `apiKey` has no
         *     `admin` scope, so it cannot list senders: `senders` lists the organization's
         *     sending accounts at the time of the request (at most 100, identity fields only)
         *     for the worker to choose from.
         */
        CampaignDraftTask: {
            /** @constant */
            type: "campaign.draft";
            /** Format: uuid */
            tableId: string;
            instructions: string;
            senders: {
                /** Format: uuid */
                id: string;
                /** @enum {string} */
                channel: "email" | "linkedin";
                name: string;
                displayName: string;
                email: string | null;
                linkedinSlug: string | null;
            }[];
        };
        /**
         * @description From `editCampaign`: the worker applies `instructions` to the campaign's copy with
         *     `PATCH /campaigns/{campaignId}/steps` using `apiKey`. `steps` are the templates
         *     when the run was requested; `sent` counts the sequences that sent (or are
         *     sending) the step, and only steps with `editable: true` can change.
         */
        CampaignEditTask: {
            /** @constant */
            type: "campaign.edit";
            /** Format: uuid */
            campaignId: string;
            /** Format: uuid */
            tableId: string;
            instructions: string;
            campaign: {
                name: string;
                /** @enum {string} */
                status: "draft" | "active" | "paused";
            };
            steps: (components["schemas"]["CampaignStep"] & {
                sent: number;
                editable: boolean;
            })[];
        };
        /**
         * @description What the gateway POSTs to the worker's `url` when the run is cancelled. A `200`
         *     answer with `{ "status": "cancelled" }` confirms at once; otherwise the worker
         *     may confirm by POSTing a `cancelled` result to `callbackUrl`, and the grace period
         *     ends the run anyway.
         */
        AgentRunCancelRequest: {
            /** @constant */
            type: "agent.run.cancel_requested";
            run: {
                id: string;
                /** Format: uuid */
                agentId: string;
            };
            /** Format: uri */
            callbackUrl: string;
        };
        /**
         * @description A worker's answer (the `200` body of the run request, or a callback body).
         *     `running` records progress; any other status ends the run. A `completed` result
         *     with pending questions becomes `needs_input`.
         */
        AgentRunResult: {
            status: components["schemas"]["RunStatus"];
            response?: {
                text?: string | null;
                actions?: components["schemas"]["RunAction"][];
            };
            todo?: {
                pendingQuestions?: {
                    /** @enum {string} */
                    type?: "single-choice" | "confirm";
                    question: string;
                    suggestedAnswers?: string[];
                }[];
                nextActions?: components["schemas"]["NextAction"][];
            };
            steps?: {
                completed: number;
                max?: number;
            };
        };
        AgentCallbackReceipt: {
            /** @constant */
            object: "agent_callback_receipt";
            runId: string;
            /** @description False when the run had already ended. */
            accepted: boolean;
            status: components["schemas"]["RunStatus"];
        };
        AgentBusyError: components["schemas"]["ErrorEnvelope"] & {
            /** @constant */
            code?: "AGENT_BUSY";
            currentRun: {
                id: string;
                /** Format: date-time */
                startedAt: string;
            };
        };
        AgentRunLimitError: components["schemas"]["ErrorEnvelope"] & {
            /** @enum {string} */
            code?: "RATE_LIMITED" | "CONCURRENT_LIMIT_EXCEEDED";
            limit?: number;
            activeSessions?: {
                agentId: string;
                name: string;
                /** Format: date-time */
                startedAt: string;
            }[];
            canUpgrade?: boolean;
        };
        /** @enum {string} */
        TriggerAction: "rows.upsert" | "sequence.reply" | "sequence.connection.accepted" | "event";
        /** @enum {string} */
        TriggerEventStatus: "received" | "processed" | "failed" | "duplicate";
        /** @description An RFC 6901 JSON pointer into the inbound body (`""` is the whole body). */
        JsonPointer: string;
        /** @description Target field (column slug, or reply field) → JSON pointer into the body. */
        TriggerMapping: {
            [key: string]: components["schemas"]["JsonPointer"];
        };
        TriggerVerificationInput: {
            /** @constant */
            type: "standard-webhooks";
            /** @description Omit to have one generated (returned once). */
            secret?: string;
        } | {
            /** @constant */
            type: "hmac";
            header: string;
            /** @enum {string} */
            algorithm: "sha256" | "sha1";
            /** @enum {string} */
            encoding: "hex" | "base64";
            /** @description Text before the digest, e.g. `sha256=`. */
            prefix?: string;
            secret: string;
        };
        TriggerVerification: {
            /** @enum {string} */
            type: "standard-webhooks" | "hmac";
            header?: string;
            /** @enum {string} */
            algorithm?: "sha256" | "sha1";
            /** @enum {string} */
            encoding?: "hex" | "base64";
            prefix?: string | null;
            secretLast4: string;
        };
        CreateTriggerRequest: {
            name: string;
            action: components["schemas"]["TriggerAction"];
            /** @description A JSON Schema every inbound body must match. */
            schema?: Record<string, never>;
            /**
             * Format: uuid
             * @description Required for `rows.upsert`.
             */
            tableId?: string;
            matchColumns?: string[];
            mapping?: components["schemas"]["TriggerMapping"];
            verification?: components["schemas"]["TriggerVerificationInput"];
            dedupPointer?: components["schemas"]["JsonPointer"];
            /** @description For the `event` action: a JSON pointer into the posted body (e.g. `/customer/id`). `trigger.received` events whose bodies hold the same value there are delivered to each endpoint in the order their posts were accepted; without it (the default), or for a body without a string, number or boolean there, posts are not ordered among themselves and are delivered concurrently. */
            orderingKey?: components["schemas"]["JsonPointer"];
            rateLimitPerMinute?: number;
            /** @default true */
            enabled?: boolean;
        };
        UpdateTriggerRequest: {
            name?: string;
            schema?: Record<string, never> | null;
            /** Format: uuid */
            tableId?: string;
            matchColumns?: string[] | null;
            mapping?: components["schemas"]["TriggerMapping"] | null;
            verification?: components["schemas"]["TriggerVerificationInput"] | null;
            dedupPointer?: components["schemas"]["JsonPointer"] | null;
            /** @description A JSON pointer into the body whose value orders `trigger.received` deliveries; null delivers posts unordered. Applies to posts accepted from then on. */
            orderingKey?: components["schemas"]["JsonPointer"] | null;
            rateLimitPerMinute?: number | null;
            enabled?: boolean;
        };
        RotateTriggerUrlRequest: {
            /** @description Default 86400. */
            graceSeconds?: number;
        };
        Trigger: {
            /** @constant */
            object: "trigger";
            /** Format: uuid */
            id: string;
            name: string;
            action: components["schemas"]["TriggerAction"];
            schema: Record<string, never> | null;
            tableId: string | null;
            matchColumns: string[] | null;
            mapping: {
                [key: string]: string;
            } | null;
            verification: components["schemas"]["TriggerVerification"] | null;
            dedupPointer: string | null;
            /** @description The JSON pointer whose value orders this trigger's `trigger.received` deliveries; null when they are not ordered. */
            orderingKey: string | null;
            /** @description Inbound requests per minute; null means the organization's default limit. */
            rateLimitPerMinute: number | null;
            enabled: boolean;
            /**
             * Format: date-time
             * @description Until when the URL before the last rotation still works.
             */
            previousUrlExpiresAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        TriggerWithUrl: components["schemas"]["Trigger"] & {
            /**
             * Format: uri
             * @description The inbound URL, `{OG_PUBLIC_URL}/hooks/{token}`; shown once (absent from an idempotent replay).
             */
            url?: string;
        };
        TriggerCreated: components["schemas"]["TriggerWithUrl"] & {
            /** @description A generated `whsec_` secret; shown once (absent from an idempotent replay). */
            secret?: string;
        };
        TriggerUpdated: components["schemas"]["Trigger"] & {
            /** @description A newly generated `whsec_` secret; shown once. */
            secret?: string;
        };
        TriggerEvent: {
            /** @constant */
            object: "trigger_event";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            triggerId: string;
            status: components["schemas"]["TriggerEventStatus"];
            /** @description For a duplicate: the id of the request it repeats. */
            duplicateOf: string | null;
            contentType: string;
            /** @description Request headers as received, without credentials. */
            headers: {
                [key: string]: string;
            };
            /** @description The parsed body (form posts as an object of fields). */
            body: unknown;
            /** @description The body as received (UTF-8). */
            rawBody: string;
            /** Format: date-time */
            receivedAt: string;
            attempts: number;
            lastError: string | null;
            /** Format: date-time */
            processedAt: string | null;
            /** Format: date-time */
            failedAt: string | null;
            failureReason: string | null;
            /** @description What the action returned (row ids, the matched sequence, the event id). */
            result: Record<string, never> | null;
            replayCount: number;
        };
        HookReceipt: {
            /**
             * Format: uuid
             * @description The stored request (for a duplicate: the original).
             */
            id: string;
            duplicate?: boolean;
        };
        /**
         * @description An event of the outbound catalog.
         * @enum {string}
         */
        WebhookEventType: "sequence.message.sent" | "sequence.reply.received" | "sequence.connection.requested" | "sequence.connection.accepted" | "table.run.completed" | "agent.run.completed" | "trigger.received" | "webhook.test" | "webhook.endpoint.disabled";
        /**
         * @description An event name or one of the wildcards.
         * @enum {string}
         */
        WebhookSubscription: "*" | "sequence.*" | "sequence.connection.*" | "table.*" | "agent.*" | "trigger.*" | "webhook.*" | "sequence.message.sent" | "sequence.reply.received" | "sequence.connection.requested" | "sequence.connection.accepted" | "table.run.completed" | "agent.run.completed" | "trigger.received" | "webhook.test" | "webhook.endpoint.disabled";
        /**
         * @description Extra headers sent with every delivery. Hop-by-hop and transport headers
         *     (`Host`, `Connection`, `Content-Type`, …) and `webhook-*` names are refused.
         */
        WebhookHeaders: {
            [key: string]: string;
        };
        WebhookEndpoint: {
            /** @constant */
            object: "webhook_endpoint";
            /** Format: uuid */
            id: string;
            url: string;
            events: components["schemas"]["WebhookSubscription"][];
            /** @description A short label for people (set on create or PATCH). */
            name: string | null;
            description: string | null;
            headers: components["schemas"]["WebhookHeaders"];
            enabled: boolean;
            secretLast4: string;
            /**
             * Format: date-time
             * @description While set, the previous secret still signs (a second `v1,` entry).
             */
            previousSecretExpiresAt: string | null;
            /** @description Why the gateway disabled the endpoint (`410 Gone`, too many consecutive failures). */
            disabledReason: string | null;
            /** Format: date-time */
            disabledAt: string | null;
            consecutiveFailures: number;
            /**
             * Format: date-time
             * @description When the last attempt to this endpoint finished (`null` before the first). A
             *     busy endpoint's successes update it about once a second.
             */
            lastDeliveryAt: string | null;
            /**
             * @description The outcome of that attempt, as in a delivery's attempt log.
             * @enum {string|null}
             */
            lastDeliveryStatus: "delivered" | "retry" | "failed" | "dropped" | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        WebhookEndpointWithSecret: components["schemas"]["WebhookEndpoint"] & {
            /** @description Standard Webhooks signing secret, shown once (absent from an idempotent replay). */
            secret?: string;
        };
        CreateWebhookEndpointRequest: {
            url: string;
            /** @description Event names and wildcards; an empty list means every event (like `["*"]`). */
            events: components["schemas"]["WebhookSubscription"][];
            name?: string | null;
            description?: string | null;
            headers?: components["schemas"]["WebhookHeaders"];
            /** @default true */
            enabled?: boolean;
            secret?: components["schemas"]["WebhookCallerSecret"];
        };
        /**
         * @description Optional signing secret of your own (for instance the one your receiver already
         *     verifies with another provider): `whsec_` followed by the padded base64 of 24
         *     to 64 random bytes. Anything else is refused with `400 VALIDATION_ERROR` (the
         *     error never repeats it). Without it the gateway generates one.
         */
        WebhookCallerSecret: string;
        RotateWebhookSecretRequest: {
            secret?: components["schemas"]["WebhookCallerSecret"];
        };
        UpdateWebhookEndpointRequest: {
            url?: string;
            /** @description Event names and wildcards; an empty list means every event (like `["*"]`). */
            events?: components["schemas"]["WebhookSubscription"][];
            name?: string | null;
            description?: string | null;
            headers?: components["schemas"]["WebhookHeaders"];
            enabled?: boolean;
        };
        /**
         * @description `pending` until delivered or given up; `failed` after the last retry; `dropped`
         *     when the receiver answered a non-retryable status (3xx, 4xx other than 408/429),
         *     the address was refused, or the endpoint was deleted.
         * @enum {string}
         */
        WebhookDeliveryStatus: "pending" | "delivered" | "failed" | "dropped";
        WebhookDelivery: {
            /** @constant */
            object: "webhook_delivery";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            endpointId: string;
            /**
             * Format: uuid
             * @description The event id; the `webhook-id` header and the envelope `id` on every attempt.
             */
            webhookId: string;
            eventType: components["schemas"]["WebhookEventType"];
            /** @description Deliveries with the same key are delivered to an endpoint in event order. */
            orderingKey?: string;
            status: components["schemas"]["WebhookDeliveryStatus"];
            /**
             * @description Why a pending delivery is held back, if it is.
             * @enum {string|null}
             */
            waiting?: "predecessor" | "endpoint_disabled" | null;
            attempts: number;
            lastResponseStatus: number | null;
            lastError: string | null;
            /** @description The last attempt's HTTP status (`null` before the first attempt or when no response came). */
            responseStatus: number | null;
            /** @description The last attempt's duration in milliseconds (`null` before the first attempt). */
            latencyMs: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
        };
        WebhookAttempt: {
            attempt: number;
            /** Format: date-time */
            at: string;
            /** @enum {string} */
            outcome: "delivered" | "retry" | "dropped" | "failed";
            responseStatus: number | null;
            /** @description The first 2 KB of the response body. */
            responseBody: string | null;
            latencyMs: number;
            error: string | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
        };
        WebhookDeliveryDetail: {
            /** @constant */
            object: "webhook_delivery";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            endpointId: string;
            /** Format: uuid */
            webhookId: string;
            eventType: components["schemas"]["WebhookEventType"];
            orderingKey?: string;
            status: components["schemas"]["WebhookDeliveryStatus"];
            /** @enum {string|null} */
            waiting?: "predecessor" | "endpoint_disabled" | null;
            attempts: components["schemas"]["WebhookAttempt"][];
            attemptCount: number;
            lastResponseStatus: number | null;
            lastError: string | null;
            /** @description The last attempt's HTTP status. */
            responseStatus?: number | null;
            /** @description The last attempt's duration in milliseconds. */
            latencyMs?: number | null;
            /** Format: date-time */
            nextAttemptAt: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            deliveredAt: string | null;
            /** @description The envelope exactly as sent. */
            payload: Record<string, never>;
        };
        RecoverWebhookDeliveriesRequest: {
            /** Format: date-time */
            since: string;
            /** Format: date-time */
            until?: string;
        };
        WebhookDeliveryStatsCounts: {
            /** @description Attempts the receiver accepted. */
            delivered: number;
            /** @description Failed attempts followed by a retry. */
            retry: number;
            /** @description Last attempts of deliveries given up. */
            failed: number;
            /** @description Attempts answered with a status that is not retried. */
            dropped: number;
            p50LatencyMs: number | null;
            p99LatencyMs: number | null;
        };
        WebhookDeliveryStats: {
            /** @enum {string} */
            object: "webhook_delivery_stats";
            /** @enum {string} */
            window: "1h" | "24h";
            /** Format: date-time */
            since: string;
            /** Format: date-time */
            until: string;
            bucketSeconds: number;
            buckets: (components["schemas"]["WebhookDeliveryStatsCounts"] & {
                /** Format: date-time */
                start: string;
            })[];
            totals: components["schemas"]["WebhookDeliveryStatsCounts"] & {
                attempts: number;
            };
            /** @description Deliveries not yet delivered or given up. */
            pending: number;
            /** @description Pending deliveries with at least one failed attempt. */
            retrying: number;
            /** @description The window held more deliveries than were read. */
            sampled: boolean;
        };
        WebhookRecovery: {
            /** @constant */
            object: "webhook_recovery";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            endpointId: string;
            /** Format: date-time */
            since: string;
            /** Format: date-time */
            until: string;
            /** @enum {string} */
            status: "running" | "completed";
            total: number;
            processed: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            completedAt: string | null;
        };
        /**
         * Format: uuid
         * @description Equals the `webhook-id` header; stable across retries and redeliveries (dedupe on it).
         */
        WhEnvelopeId: string;
        /**
         * Format: date-time
         * @description When the event happened. The dispatch time is the `webhook-timestamp` header.
         */
        WhEventTimestamp: string;
        /** @description The person being reached, pointing back at the row that drives the outreach. */
        WhOutreachTarget: {
            /** Format: uuid */
            table_id: string | null;
            /** Format: uuid */
            row_id: string | null;
            /** Format: uuid */
            column_id: string | null;
            /** Format: email */
            email: string | null;
            linkedin_urn: string | null;
            linkedin_slug: string | null;
        };
        /** @description The mailbox or LinkedIn account of the organization involved. */
        WhSender: {
            /** Format: email */
            email: string | null;
            linkedin_slug: string | null;
            display_name: string | null;
        };
        WhSendMessage: {
            /** @description Null on LinkedIn. */
            subject: string | null;
            body: string;
            /** @description True when the body was cut at 60 KB. */
            body_truncated: boolean;
            provider_id: string | null;
            thread_id: string | null;
            rfc_message_id: string | null;
        };
        WhSendEventData: {
            /** @enum {string} */
            channel: "email" | "linkedin";
            /** Format: uuid */
            sequence_id: string;
            step_index: number;
            /** Format: uuid */
            message_id: string;
            outreach_target: components["schemas"]["WhOutreachTarget"];
            sender: components["schemas"]["WhSender"];
            message: components["schemas"]["WhSendMessage"];
            /** Format: date-time */
            sent_at: string;
        };
        WhReplyMessage: {
            subject: string | null;
            body: string;
            body_truncated: boolean;
            /** Format: date-time */
            received_at: string;
            thread_id: string | null;
            provider_id: string | null;
        };
        WhReplyEventData: {
            /** @enum {string} */
            channel: "email" | "linkedin";
            /**
             * Format: uuid
             * @description The sequence the reply is attributed to.
             */
            sequence_id: string;
            /** @description True when this reply stopped `sequence_id`. */
            newly_stopped: boolean;
            /** @description Only present when the reply matched more than one sequence. */
            additional_matched_sequence_ids?: string[];
            /** @description Only present when one of the additional matches was stopped by it. */
            additional_newly_stopped_sequence_ids?: string[];
            outreach_target: components["schemas"]["WhOutreachTarget"];
            sender: components["schemas"]["WhSender"];
            reply_message: components["schemas"]["WhReplyMessage"];
        };
        WhConnectionAcceptedData: {
            /** @enum {string} */
            channel: "linkedin";
            /** Format: uuid */
            sequence_id: string;
            step_index: number;
            /**
             * Format: uuid
             * @description The invitation that was accepted.
             */
            original_message_id: string;
            outreach_target: components["schemas"]["WhOutreachTarget"];
            sender: components["schemas"]["WhSender"];
            /** Format: date-time */
            requested_at: string;
            /** Format: date-time */
            connected_at: string;
        };
        WhTableRunCompletedData: {
            /** Format: uuid */
            run_id: string;
            /** Format: uuid */
            table_id: string;
            /** Format: uuid */
            workspace_id: string;
            /** Format: uuid */
            organization_id: string;
            /** @description api, agent, ui, lead_source or backfill. */
            source: string;
            /** @enum {string} */
            status: "complete" | "cancelled" | "failed";
            failure_reason: string | null;
            /** Format: date-time */
            created_at: string;
            /** Format: date-time */
            completed_at: string;
            counts: {
                complete: number;
                errored: number;
                cancelled: number;
            };
        };
        /** @description Gateway addition. An agent run reached a terminal status. */
        WhAgentRunCompletedData: {
            /** Format: uuid */
            agent_id: string;
            /** @description The run id (`v2_run-…`). */
            run_id: string;
            /** @description The terminal run status. */
            status: string;
            /** Format: date-time */
            completed_at: string;
        };
        /** @description Gateway addition. A request accepted by an `event` trigger, with its body. */
        WhTriggerReceivedData: {
            /** @constant */
            object: "trigger_event";
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            triggerId: string;
            triggerName: string;
            /** Format: date-time */
            receivedAt: string;
            /** @description The request body as received (parsed JSON). */
            body: unknown;
        };
        WhTestData: {
            /**
             * @description Always `dashboard` (kept for compatibility with the published format; the gateway's test comes from the API).
             * @enum {string}
             */
            triggered_by: "dashboard";
            /** Format: date-time */
            triggered_at: string;
            message: string;
        };
        WhSequenceMessageSentEnvelope: {
            /** @constant */
            type: "sequence.message.sent";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhSendEventData"];
        };
        WhSequenceReplyReceivedEnvelope: {
            /** @constant */
            type: "sequence.reply.received";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhReplyEventData"];
        };
        WhSequenceConnectionRequestedEnvelope: {
            /** @constant */
            type: "sequence.connection.requested";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhSendEventData"];
        };
        WhSequenceConnectionAcceptedEnvelope: {
            /** @constant */
            type: "sequence.connection.accepted";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhConnectionAcceptedData"];
        };
        WhTableRunCompletedEnvelope: {
            /** @constant */
            type: "table.run.completed";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhTableRunCompletedData"];
        };
        WhAgentRunCompletedEnvelope: {
            /** @constant */
            type: "agent.run.completed";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhAgentRunCompletedData"];
        };
        WhTriggerReceivedEnvelope: {
            /** @constant */
            type: "trigger.received";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhTriggerReceivedData"];
        };
        WhWebhookTestEnvelope: {
            /** @constant */
            type: "webhook.test";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhTestData"];
        };
        WhWebhookEndpointDisabledEnvelope: {
            /** @constant */
            type: "webhook.endpoint.disabled";
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: components["schemas"]["WhWebhookEndpointDisabledData"];
        };
        WhWebhookEndpointDisabledData: {
            /**
             * Format: uuid
             * @description The endpoint the gateway disabled.
             */
            endpoint_id: string;
            /**
             * @description `gone`: it answered `410 Gone`; `consecutive_failures`: too many failed attempts in a row.
             * @enum {string}
             */
            reason: "gone" | "consecutive_failures";
            /** @description The same reason in words (the endpoint's `disabledReason`). */
            message?: string;
            /** Format: date-time */
            disabled_at: string;
        };
        /**
         * @description The envelope of one event, as webhook receivers get it; `data` has the shape the
         *     event's entry under `webhooks` gives.
         */
        EventEnvelope: {
            /** @description An event name of the outbound catalog. */
            type: string;
            id: components["schemas"]["WhEnvelopeId"];
            timestamp: components["schemas"]["WhEventTimestamp"];
            data: Record<string, never>;
        };
        Sender: {
            /** @constant */
            object: "sender";
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            channel: "email" | "linkedin";
            /**
             * @description `sink`: a development sender that accepts every message and sends nothing.
             * @enum {string}
             */
            transport: "smtp" | "http" | "sink";
            name: string;
            displayName: string;
            email: string | null;
            linkedinSlug: string | null;
            /** @description The SMTP account; the password is never shown. */
            smtp: {
                host: string;
                port: number;
                secure: boolean;
                auth: {
                    user: string;
                } | null;
            } | null;
            http: {
                /** Format: uri */
                url: string;
            } | null;
            /** @description Last 4 characters of an http sender's secret. */
            secretLast4: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        SenderWithSecret: components["schemas"]["Sender"] & {
            /** @description An http sender's signing secret, shown once (absent from an idempotent replay). */
            secret?: string;
        };
        CreateSenderRequest: {
            /** @enum {string} */
            channel: "email" | "linkedin";
            name: string;
            displayName: string;
            /** Format: email */
            email?: string;
            linkedinSlug?: string;
            smtp?: {
                host: string;
                port: number;
                /** @description Implicit TLS (port 465). Otherwise STARTTLS is used when offered. */
                secure?: boolean;
                auth?: {
                    user: string;
                    pass: string;
                };
            };
            http?: {
                /** Format: uri */
                url: string;
            };
            /** @description Gateway addition: `{}` makes a development sender that accepts every message and sends nothing (only where OG_SINK_SENDERS allows it). */
            sink?: Record<string, never>;
        };
        /** @description The only personal data a sequence carries. */
        SequenceRecipient: {
            email: string | null;
            linkedinSlug: string | null;
            linkedinUrn: string | null;
            displayName: string | null;
        };
        SequenceSummary: {
            /** @constant */
            object: "sequence";
            /** Format: uuid */
            id: string;
            /**
             * Format: uuid
             * @description Same as `id` (kept for older clients).
             */
            sequenceId: string;
            /** Format: uuid */
            campaignId: string | null;
            /** @enum {string} */
            status: "draft" | "active" | "paused" | "completed" | "stopped" | "failed";
            stopReason: string | null;
            /** @description draft, scheduled, sent, paused, replied, stopped or failed. */
            sendStatus: string | null;
            /** Format: uuid */
            tableId: string | null;
            /** Format: uuid */
            columnId: string | null;
            /** Format: uuid */
            rowId: string | null;
            /** @deprecated */
            workspaceId: null;
            /** Format: uri */
            url: string | null;
            recipient?: components["schemas"]["SequenceRecipient"];
            channels?: ("email" | "linkedin")[];
            stepCount?: number;
            sentCount?: number;
            /** Format: date-time */
            stoppedAt?: string | null;
            /** Format: date-time */
            repliedAt?: string | null;
            /** Format: date-time */
            createdAt?: string;
            /** Format: date-time */
            updatedAt?: string;
        };
        SequenceStep: {
            /** @constant */
            object: "step";
            /**
             * Format: uuid
             * @description Also the `message_id` of the step's webhook events.
             */
            id: string;
            /** Format: uuid */
            stepId: string;
            index?: number;
            /** @enum {string} */
            channel: "email" | "linkedin";
            /** @enum {string} */
            kind: "message" | "connect_request";
            /**
             * @description `sending`: claimed by a gateway process; once `handedOverAt` is set the message is being handed to the SMTP server or provider. A `sending` step whose process died is sent again by another process when its lease ends if it was never handed over; an email that was handed over ends `failed` with `failureReason` starting `delivery_unknown` (it may or may not have been delivered, and is never sent twice).
             * @enum {string}
             */
            status: "draft" | "scheduled" | "sending" | "sent" | "failed" | "cancelled";
            subject: string | null;
            body: string | null;
            recipient: string | null;
            delaySeconds?: number;
            /** Format: date-time */
            scheduledAt: string | null;
            /** Format: date-time */
            sentAt: string | null;
            /**
             * Format: date-time
             * @description When the message was (about to be) handed to the SMTP server or provider; recorded before it is. Null while the step was only claimed, and again when a send failed without reaching the server and is retried.
             */
            handedOverAt?: string | null;
            /** @description The RFC 5322 Message-ID of a sent email. */
            rfcMessageId?: string | null;
            threadId?: string | null;
            providerId?: string | null;
            failureReason?: string | null;
            /**
             * Format: date-time
             * @description When a connect_request was accepted.
             */
            acceptedAt?: string | null;
        };
        SequenceDetail: components["schemas"]["SequenceSummary"] & {
            steps: components["schemas"]["SequenceStep"][];
        };
        SequenceList: components["schemas"]["ListEnvelope"] & {
            items?: components["schemas"]["SequenceSummary"][];
        };
        SequenceStopResult: {
            /** @constant */
            dryRun?: true;
            /** Format: uuid */
            sequenceId: string;
            /** @enum {string} */
            action: "stopped" | "noop" | "nothing-to-stop";
            status?: string;
        };
        SequenceDeleteResult: {
            /** Format: uuid */
            sequenceId: string;
            /** @constant */
            deleted: true;
        } | {
            /** @constant */
            dryRun: true;
            /** Format: uuid */
            sequenceId: string;
            status: string;
            force: boolean;
            hasSentMessages?: boolean;
        };
        CampaignStepInput: {
            /** @enum {string} */
            channel: "email" | "linkedin";
            /**
             * @description Defaults to message.
             * @enum {string}
             */
            kind?: "message" | "connect_request";
            /** @description Email only. A follow-up without one replies in the first email's thread ("Re: …"). */
            subject?: string | null;
            /** @description Text with `{{slug}}` placeholders (input columns). */
            body: string;
            /** @description Seconds (default 0) to wait after the previous step was sent (the first step waits after launch). */
            delaySeconds?: number;
        };
        CampaignRowFilter: {
            /** @description An input column slug. */
            column: string;
            /** @enum {string} */
            operator: "contains" | "not_contains" | "equals" | "not_equals" | "is_empty" | "is_not_empty" | "greater_than" | "greater_than_or_equal" | "less_than" | "less_than_or_equal";
            value?: string | number | boolean | null;
        };
        CampaignDraftRequest: {
            name: string;
            senders?: {
                /** Format: uuid */
                email?: string;
                /** Format: uuid */
                linkedin?: string;
            };
            /** @description Slug of the column holding the recipient (email address or LinkedIn profile). */
            recipientColumn: string;
            /** @description Per-channel recipient columns for a campaign using both channels. */
            recipientColumns?: {
                email?: string;
                linkedin?: string;
            };
            steps: components["schemas"]["CampaignStepInput"][];
            /** @description Target rows (default every row of the table). */
            rows?: {
                ids: string[];
            } | {
                filters: components["schemas"]["CampaignRowFilter"][];
            };
            /** @description Stop the sequence when the recipient replies (default true). */
            stopOnReply?: boolean;
            /** @description Name of the sequence column (default the campaign name). */
            columnName?: string;
        };
        CampaignInstructionsRequest: {
            instructions: string;
        };
        CampaignStepsEditRequest: {
            steps: {
                /** @description The step to change (`steps[].index` of the campaign). */
                index: number;
                /** @description Email steps only. Empty or null on a follow-up: "Re: <first subject>". */
                subject?: string | null;
                /** @description Text with `{{slug}}` placeholders (input columns). */
                body?: string;
            }[];
        };
        CampaignEdit: {
            /** @constant */
            object: "campaign_edit";
            campaign: components["schemas"]["Campaign"];
            /** @description Indexes of the steps whose templates changed (empty when the edit changed nothing). */
            changedSteps: number[];
            sequences: {
                /** @description Sequences whose waiting steps took the new copy. */
                updated: number;
                /** @description Sequences that keep their copy, with the reason. */
                skipped: {
                    /** Format: uuid */
                    sequenceId: string;
                    rowId: string;
                    reason: string;
                }[];
            };
        };
        CreateCampaignRequest: components["schemas"]["CampaignDraftRequest"] | components["schemas"]["CampaignInstructionsRequest"];
        CampaignStep: {
            index: number;
            /** @enum {string} */
            channel: "email" | "linkedin";
            /** @enum {string} */
            kind: "message" | "connect_request";
            subject: string | null;
            body: string;
            delaySeconds: number;
        };
        Campaign: {
            /** @constant */
            object: "campaign";
            /** Format: uuid */
            id: string;
            slug: string | null;
            name: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused";
            /** @deprecated */
            workspaceId: null;
            /** Format: uuid */
            tableId: string | null;
            /**
             * Format: uuid
             * @description The campaign's `sequence` column.
             */
            columnId?: string;
            channels: {
                email: boolean;
                linkedin: boolean;
            };
            settings: {
                blockActiveDuplicates: boolean;
                blockPriorContacts: boolean;
                autoTopUpEnabled: boolean;
            };
            brief: null;
            outOfLeads: boolean;
            senders?: {
                /** Format: uuid */
                email: string | null;
                /** Format: uuid */
                linkedin: string | null;
            };
            recipientColumns?: {
                email?: string | null;
                linkedin?: string | null;
            };
            steps?: components["schemas"]["CampaignStep"][];
            stopOnReply?: boolean;
            /** Format: date-time */
            launchedAt?: string | null;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CampaignDraft: {
            campaign: components["schemas"]["Campaign"];
            column: {
                /** @constant */
                object: "column";
                /** Format: uuid */
                id: string;
                name: string;
                slug: string;
                /** @constant */
                kind: "sequence";
            };
            sequences: {
                created: number;
                skipped: {
                    rowId: string;
                    reason: string;
                }[];
            };
        };
        CampaignSummary: {
            /** @constant */
            object: "campaign";
            /** Format: uuid */
            id: string;
            slug: string | null;
            name: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused";
            peopleCount: number;
            /** Format: uuid */
            tableId?: string | null;
            /** Format: date-time */
            createdAt?: string;
        };
        CampaignPerson: {
            /** @constant */
            object: "campaign_person";
            /** Format: uuid */
            sequenceId: string;
            /** Format: uuid */
            rowId: string | null;
            recipient: string | null;
            sendStatus: string;
            stopReason: string | null;
            profile: null;
            fitExplanation: string | null;
            fitScore: number | null;
            /** Format: date-time */
            addedAt: string | null;
        };
        CampaignStats: {
            /** @constant */
            object: "campaign_stats";
            /** @description People (sequences) in the campaign. */
            found: number;
            /** @description People with at least one sent step. */
            contacted: number;
            hasEmail: boolean;
            hasLinkedin: boolean;
            connectAccepted: number;
            connectSent: number;
            connectionRate: number;
            replied: number;
            replyRate: number;
            /** @description Steps sent. */
            sent?: number;
            /** @description Sequences stopped (reply, API or campaign deletion). */
            stopped?: number;
            failed?: number;
        };
        CampaignTransition: {
            /** @constant */
            object: "campaign";
            /** Format: uuid */
            id: string;
            /** @enum {string} */
            status: "draft" | "active" | "paused";
            /** @description Sequences this transition scheduled. */
            launched: number;
            launch?: {
                scheduled: number;
                /** Format: date-time */
                firstScheduledAt: string | null;
                missingRecipientCount: number;
                duplicateActiveCancelledCount: number;
                duplicatePriorCancelledCount: number;
            };
            pause?: {
                stoppedSequences: number;
                haltedSteps: number;
                inFlightSending: number;
                alreadyPaused: boolean;
            };
            resume?: {
                resumedSequences: number;
                noAccountSequences: number;
                missingChannels: string[];
            };
        };
        CampaignDeletePreview: {
            /** Format: uuid */
            id: string;
            name: string;
            /** @constant */
            confirmationRequired: true;
            /** @enum {string} */
            status: "draft" | "active" | "paused";
        };
    };
    responses: {
        /** @description The request is malformed; `details` says where. */
        ValidationError: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Missing, malformed, unknown or revoked API key. */
        Unauthorized: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The key lacks the scope this operation needs. */
        Forbidden: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description No such resource in this organization, or (`PROJECT_NOT_FOUND`) an `x-origami-project` header naming a project this organization does not have. */
        NotFound: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The request conflicts with the current state (including `IDEMPOTENCY_ERROR`). */
        Conflict: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The body exceeds the size limit. */
        PayloadTooLarge: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description The body's Content-Type is not one this operation accepts. */
        UnsupportedMediaType: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description `NOT_IMPLEMENTED`: a published Origami operation this gateway does not serve (yet). Answered after authentication, so a client can tell "not here" from "not found". */
        NotServed: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description Too many requests. Like every answer to an authenticated operation, it carries the rate-limit headers of both layers. */
        RateLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                "X-RateLimit-Limit-IP": components["headers"]["RateLimitLimitIp"];
                "X-RateLimit-Remaining-IP": components["headers"]["RateLimitRemainingIp"];
                "X-RateLimit-Reset-IP": components["headers"]["RateLimitResetIp"];
                "X-RateLimit-Limit-Global": components["headers"]["RateLimitLimitGlobal"];
                "X-RateLimit-Remaining-Global": components["headers"]["RateLimitRemainingGlobal"];
                "X-RateLimit-Reset-Global": components["headers"]["RateLimitResetGlobal"];
                "X-RateLimit-Limit-Org": components["headers"]["RateLimitLimitOrgDeprecated"];
                "X-RateLimit-Remaining-Org": components["headers"]["RateLimitRemainingOrgDeprecated"];
                "X-RateLimit-Reset-Org": components["headers"]["RateLimitResetOrgDeprecated"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description `SERVICE_UNAVAILABLE`: the database is unreachable, or did not confirm the write.
         *     Nothing was acknowledged; retry after `Retry-After` seconds.
         */
        ServiceUnavailable: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ErrorEnvelope"];
            };
        };
        /** @description A page of enrichment runs, newest first. */
        EnrichmentRunList: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ListEnvelope"] & {
                    items?: components["schemas"]["EnrichmentRun"][];
                };
            };
        };
        /** @description The enrichment run. */
        EnrichmentRunDetail: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["EnrichmentRunDetail"];
            };
        };
        /** @description `AGENT_BUSY`: a run of this agent is in flight (`currentRun`), or another conflict. */
        AgentBusy: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AgentBusyError"] | components["schemas"]["ErrorEnvelope"];
            };
        };
        /**
         * @description `RATE_LIMITED`, or `CONCURRENT_LIMIT_EXCEEDED` when every concurrent-run slot of the
         *     worker is taken (`limit`, `activeSessions`). Both carry `Retry-After`.
         */
        AgentRunLimited: {
            headers: {
                "Retry-After": components["headers"]["RetryAfter"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["AgentRunLimitError"];
            };
        };
        /** @description A page of deliveries, newest first. */
        WebhookDeliveryList: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ListEnvelope"] & {
                    items?: components["schemas"]["WebhookDelivery"][];
                };
            };
        };
        /** @description The explicit draft was created (campaign, its sequence column, one sequence per usable row). */
        CampaignDrafted: {
            headers: {
                "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["CampaignDraft"];
            };
        };
        /** @description The `{ instructions }` form was handed to an agent run. */
        CampaignDraftingAdmitted: {
            headers: {
                "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    agent: components["schemas"]["AgentSummary"];
                    run: components["schemas"]["Run"];
                    table: {
                        /** @constant */
                        object: "table";
                        /** Format: uuid */
                        id: string;
                        name: string;
                    };
                };
            };
        };
        /** @description Run admitted; the agent applies the change in the background. */
        CampaignEditAdmitted: {
            headers: {
                "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                [name: string]: unknown;
            };
            content: {
                "application/json": {
                    agent: components["schemas"]["AgentSummary"];
                    run: components["schemas"]["Run"];
                    campaign: {
                        /** @constant */
                        object: "campaign";
                        /** Format: uuid */
                        id: string;
                        name: string;
                    };
                };
            };
        };
        /** @description The transition, or the dryRun report. */
        CampaignLaunched: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["CampaignTransition"] | {
                    /** @constant */
                    dryRun: true;
                    /** Format: uuid */
                    campaignId: string;
                    /** @constant */
                    wouldLaunch: true;
                };
            };
        };
        /** @description A page of the campaign's people, with `total` across pages. */
        CampaignPeople: {
            headers: {
                [name: string]: unknown;
            };
            content: {
                "application/json": components["schemas"]["ListEnvelope"] & {
                    items?: components["schemas"]["CampaignPerson"][];
                    total: number;
                };
            };
        };
    };
    parameters: {
        /** @description The agent id. */
        AgentId: string;
        /** @description A run id (`v2_run-…`). */
        RunId: string;
        /** @description Opaque cursor from a previous page's `nextCursor`. */
        Cursor: string;
        /** @description Page size (default 50, at most 100). */
        Limit: number;
        /**
         * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
         *     and replayed with `Idempotency-Replay: true`. The same key with another
         *     method, path or body, or while the first request is still running, answers
         *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
         *     request still in progress, contention, a concurrency limit), are never recorded:
         *     the retry runs. Secrets shown once
         *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
         *     trigger URL) are removed before the response is recorded, so a replay answers
         *     the same resource without them; rotate to get a new one.
         */
        IdempotencyKey: string;
        TableId: string;
        RowId: string;
        ColumnId: string;
        /** @description The enrichment-run id (the same value as its `batchId`). */
        EnrichmentRunId: string;
        /** @description Only this table's runs. */
        TableIdFilter: string;
        TriggerId: string;
        TriggerEventId: string;
        /** @description A webhook endpoint id. */
        WebhookId: string;
        WebhookDeliveryId: string;
        /** @description Only deliveries of this event type. */
        WebhookEventTypeFilter: components["schemas"]["WebhookEventType"];
        /** @description Only deliveries in this status. */
        WebhookDeliveryStatusFilter: components["schemas"]["WebhookDeliveryStatus"];
        /** @description Only deliveries created after this time (exclusive). */
        WebhookCreatedAfter: string;
        /** @description Only deliveries created before this time (exclusive); after `createdAfter`. */
        WebhookCreatedBefore: string;
        SenderId: string;
        SequenceId: string;
        CampaignId: string;
        /** @description Report what would happen; write nothing. */
        DryRun: boolean;
        /** @description Comma-separated sequence statuses (`draft`, `active`, `paused`, `completed`, `stopped`, `failed`). */
        SequenceStatusFilter: string;
        /** @description Sequences with at least one step on this channel (`email`, `linkedin`; another value matches none). */
        SequenceChannelFilter: string;
        /** @description An email address, LinkedIn slug or urn (case-insensitive, exact). */
        SequenceRecipientFilter: string;
    };
    requestBodies: never;
    headers: {
        /** @description Literal `true` when the response is a replay of a recorded one. */
        IdempotencyReplay: "true";
        /** @description Seconds to wait before retrying. */
        RetryAfter: number;
        /** @description Requests allowed per minute from this client address. */
        RateLimitLimitIp: number;
        /** @description Requests left in the current minute for this client address. */
        RateLimitRemainingIp: number;
        /** @description When the client address's minute ends (unix seconds). */
        RateLimitResetIp: number;
        /** @description Requests allowed per minute for the organization (or the key, where it carries its own limit). */
        RateLimitLimitGlobal: number;
        /** @description Requests left in the current minute for the organization (or the key). */
        RateLimitRemainingGlobal: number;
        /** @description When the organization's minute ends (unix seconds). */
        RateLimitResetGlobal: number;
        /**
         * @deprecated
         * @description Deprecated alias of `X-RateLimit-Limit-Global`, sent with the same value.
         */
        RateLimitLimitOrgDeprecated: number;
        /**
         * @deprecated
         * @description Deprecated alias of `X-RateLimit-Remaining-Global`, sent with the same value.
         */
        RateLimitRemainingOrgDeprecated: number;
        /**
         * @deprecated
         * @description Deprecated alias of `X-RateLimit-Reset-Global`, sent with the same value.
         */
        RateLimitResetOrgDeprecated: number;
    };
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    getHealth: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is up. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Health"];
                };
            };
            400: components["responses"]["ValidationError"];
        };
    };
    getReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Ready to serve. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
            400: components["responses"]["ValidationError"];
            /** @description Not ready; `checks` says which dependency failed. */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Readiness"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Metrics in the Prometheus text exposition format. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            400: components["responses"]["ValidationError"];
        };
    };
    getOpenApiDocument: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The OpenAPI document. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/yaml": string;
                };
            };
            400: components["responses"]["ValidationError"];
        };
    };
    getApiReference: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The reference page. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/html": string;
                };
            };
            400: components["responses"]["ValidationError"];
        };
    };
    listApiKeys: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of keys. The secret key itself is never listed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["ApiKey"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createApiKey: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateApiKeyRequest"];
            };
        };
        responses: {
            /** @description The key, with its secret shown once. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKeyWithSecret"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    revokeApiKey: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                keyId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The revoked key. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ApiKey"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    getCurrentCredential: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The credential. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Credential"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
        };
    };
    createPortalSession: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CreatePortalSessionRequest"];
            };
        };
        responses: {
            /** @description The session; its URL is shown only here. */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PortalSession"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listTables: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /**
                 * @deprecated
                 * @description A container id as this gateway returns it (`workspaceId` of an agent, which is the agent's id) lists the tables linked to that agent, on one page; any other id lists none.
                 */
                workspaceId?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of tables. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["Table"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createTable: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTableRequest"];
            };
        };
        responses: {
            /** @description The new table. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Table"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getTable: {
        parameters: {
            query?: {
                /** @description `stats` attaches `stats` (`TableStats`) and `columns[].stats` (`ColumnStats`). Comma-separated; unknown tokens are ignored. */
                include?: string;
            };
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table, with `leadCount`, columns and liveness counts. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Table"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteTable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deletion receipt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedObject"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateTable: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTableRequest"];
            };
        };
        responses: {
            /** @description The renamed table. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Table"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listColumns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The columns. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["TableColumn"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createColumn: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["ColumnInput"];
            };
        };
        responses: {
            /** @description The new column. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableColumn"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteColumn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                columnId: components["parameters"]["ColumnId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deletion receipt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeletedObject"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateColumn: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                columnId: components["parameters"]["ColumnId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateColumnRequest"];
            };
        };
        responses: {
            /** @description The updated column. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableColumn"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listRows: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 200). */
                limit?: number;
                filters?: string;
                sort?: string;
                cells?: "flat";
                format?: "csv";
                /** @description Accepted for compatibility; tables have no default filters here. */
                defaults?: "true" | "false";
            };
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of rows with `total`, or the CSV export. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: (components["schemas"]["Row"] | components["schemas"]["FlatRow"])[];
                        total: number;
                    };
                    "text/csv": string;
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteRows: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["DeleteRowsRequest"];
            };
        };
        responses: {
            /** @description How many rows were deleted out of how many ids were sent. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["DeleteRowsReceipt"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    upsertRows: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpsertRowsRequest"];
            };
        };
        responses: {
            /** @description A replayed `batchId`; the first receipt. */
            200: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpsertReceipt"];
                };
            };
            /** @description The receipt of a new batch. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpsertReceipt"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    upsertRowsFromFile: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpsertRowsFileRequest"];
            };
        };
        responses: {
            /** @description A replayed `batchId`; the first receipt. */
            200: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpsertReceipt"];
                };
            };
            /** @description The receipt of a new batch. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["UpsertReceipt"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    cancelTableCells: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["CancelTableCellsRequest"];
            };
        };
        responses: {
            /** @description What was cancelled, or the dry-run report. */
            200: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CancelTableCellsResult"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getRow: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                rowId: components["parameters"]["RowId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The row with typed cells. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Row"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getCell: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                rowId: components["parameters"]["RowId"];
                columnId: components["parameters"]["ColumnId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The typed cell, with its latest run for enrichment columns. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CellDetail"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listEnrichmentRuns: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Only this table's runs. */
                tableId?: components["parameters"]["TableIdFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["EnrichmentRunList"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getEnrichmentRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The enrichment-run id (the same value as its `batchId`). */
                runId: components["parameters"]["EnrichmentRunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["EnrichmentRunDetail"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listTableEnrichmentRuns: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["EnrichmentRunList"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getTableRun: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
                /** @description A table-run id (`tableRunId` of an enrichment run, `run_id` of `table.run.completed`). */
                runId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TableRun"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listBatches: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Only this table's runs. */
                tableId?: components["parameters"]["TableIdFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["EnrichmentRunList"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getBatch: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                batchId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["EnrichmentRunDetail"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listAgents: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Case-insensitive substring of the agent name. */
                search?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of agents, each with its last run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["Agent"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createAgentAndRun: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgentRequest"];
            };
        };
        responses: {
            /** @description The agent exists and its first run is admitted. */
            202: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        agent: components["schemas"]["AgentSummary"];
                        run: components["schemas"]["Run"];
                        workspace: components["schemas"]["AgentWorkspace"];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["AgentRunLimited"];
        };
    };
    getAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent and a summary of its latest run. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Agent"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    archiveAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The archived agent and its container. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ArchivedAgent"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    listRuns: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of run summaries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["RunSummary"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    sendRun: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["SendRunRequest"];
            };
        };
        responses: {
            /** @description The run is admitted. */
            202: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        run: components["schemas"]["Run"];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["AgentBusy"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["AgentRunLimited"];
        };
    };
    getRun: {
        parameters: {
            query?: {
                /** @description `stats` attaches `stats` and `columns[].stats` to every `response.tables[]` entry (as `getTable?include=stats`); `transcript` is accepted and ignored, as are unknown tokens. */
                include?: string;
            };
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
                /** @description A run id (`v2_run-…`). */
                runId: components["parameters"]["RunId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The run. */
            200: {
                headers: {
                    /** @description Seconds until the next poll is useful; only while the run is `running`. */
                    "Retry-After"?: 15;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Run"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listAgentTables: {
        parameters: {
            query?: {
                /** @description `stats` attaches `stats` and `columns[].stats` to every table (as `getTable?include=stats`); unknown tokens are ignored. */
                include?: string;
            };
            header?: never;
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The agent's tables and its container id. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["Table"][];
                        /** Format: uuid */
                        workspaceId: string;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    cancelActiveRun: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description The agent id. */
                id: components["parameters"]["AgentId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The latest run of the agent. */
            200: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        run: null | components["schemas"]["Run"];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    receiveAgentRunCallback: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The run's callback token, exactly as it appears in `callbackUrl`. */
                token: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["AgentRunResult"];
            };
        };
        responses: {
            /** @description Received. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentCallbackReceipt"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            422: components["responses"]["ValidationError"];
        };
    };
    listAgentWorkers: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of workers; secrets show only their last 4 characters. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["AgentWorker"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createAgentWorker: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateAgentWorkerRequest"];
            };
        };
        responses: {
            /** @description The worker, with its secret shown once. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentWorkerWithSecret"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getAgentWorker: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The worker. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentWorker"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteAgentWorker: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workerId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted worker. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentWorker"] & {
                        /** @constant */
                        deleted: true;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateAgentWorker: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workerId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateAgentWorkerRequest"];
            };
        };
        responses: {
            /** @description The updated worker. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentWorker"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listTriggers: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of triggers. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["Trigger"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createTrigger: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateTriggerRequest"];
            };
        };
        responses: {
            /** @description The trigger with its URL (shown once). */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerCreated"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The trigger (without its URL). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Trigger"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted trigger. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Trigger"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateTrigger: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateTriggerRequest"];
            };
        };
        responses: {
            /** @description The trigger as updated. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerUpdated"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    rotateTriggerUrl: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateTriggerUrlRequest"];
            };
        };
        responses: {
            /** @description The trigger with its new URL. */
            200: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerWithUrl"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listTriggerEvents: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                status?: components["schemas"]["TriggerEventStatus"];
            };
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of inbound requests. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["TriggerEvent"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getTriggerEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                triggerId: components["parameters"]["TriggerId"];
                eventId: components["parameters"]["TriggerEventId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The stored request and what processing made of it. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerEvent"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    replayTriggerEvent: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                triggerId: components["parameters"]["TriggerId"];
                eventId: components["parameters"]["TriggerEventId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Queued for processing. */
            202: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TriggerEvent"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    receiveTriggerHook: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description The signed token of a trigger URL; it is the credential. */
                token: string;
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": unknown;
                "application/x-www-form-urlencoded": {
                    [key: string]: unknown;
                };
            };
        };
        responses: {
            /** @description A duplicate of a request accepted within 24 h; nothing was done again. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookReceipt"];
                };
            };
            /** @description Stored; the action runs asynchronously. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HookReceipt"];
                };
            };
            400: components["responses"]["ValidationError"];
            /** @description The sender's signature is missing or does not verify. */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            /** @description The body does not match the trigger's JSON Schema; `details.errors` holds the ajv errors. */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            429: components["responses"]["RateLimited"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    listEvents: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description An event name or an endpoint wildcard (`*`, `sequence.*`, …); matches what a subscription to it would receive. */
                type?: components["schemas"]["WebhookSubscription"];
                /** @description Only the events of one resource, named by the key its deliveries are ordered by (e.g. `sequence:<id>`). */
                orderingKey?: string;
                /** @description Only events whose `timestamp` is after this instant (exclusive). */
                createdAfter?: string;
                /** @description Only events whose `timestamp` is before this instant (exclusive). */
                createdBefore?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of event envelopes. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["EventEnvelope"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
        };
    };
    streamEvents: {
        parameters: {
            query?: {
                /** @description Comma-separated event names and endpoint wildcards (`sequence.*,table.run.completed`); only matching events are sent. Default every event. */
                types?: string;
            };
            header?: {
                /** @description The id of the last event received; the stream resumes right after it. */
                "Last-Event-ID"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless `text/event-stream` of `id:`/`event:`/`data:` frames and heartbeat comments. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            /** @description `LAST_EVENT_ID_UNKNOWN`: Last-Event-ID names no retained event of the organization. */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            /** @description `RATE_LIMITED`, or `STREAM_LIMIT_EXCEEDED` (`details.limit`): the organization has as many streams open on this process as allowed. */
            429: {
                headers: {
                    "Retry-After"?: number;
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorEnvelope"];
                };
            };
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getEvent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description An event id (the envelope's `id`, the deliveries' `webhook-id`). */
                eventId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The event envelope. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["EventEnvelope"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getWebhookDeliveryStats: {
        parameters: {
            query?: {
                window?: "1h" | "24h";
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The statistics. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryStats"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Only deliveries of this event type. */
                eventType?: components["parameters"]["WebhookEventTypeFilter"];
                /** @description Only deliveries in this status. */
                status?: components["parameters"]["WebhookDeliveryStatusFilter"];
                /** @description Only deliveries to this endpoint. */
                endpointId?: string;
                /** @description Only the deliveries of this event (its envelope `id`), one per endpoint it went to. */
                eventId?: string;
                /** @description Only deliveries created after this time (exclusive). */
                createdAfter?: components["parameters"]["WebhookCreatedAfter"];
                /** @description Only deliveries created before this time (exclusive); after `createdAfter`. */
                createdBefore?: components["parameters"]["WebhookCreatedBefore"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["WebhookDeliveryList"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                deliveryId: components["parameters"]["WebhookDeliveryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDeliveryDetail"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    redeliverWebhookDelivery: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                deliveryId: components["parameters"]["WebhookDeliveryId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delivery, pending again. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    listWebhookEndpoints: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of endpoints. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["WebhookEndpoint"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateWebhookEndpointRequest"];
            };
        };
        responses: {
            /** @description The endpoint, with its secret shown once. */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
            503: components["responses"]["ServiceUnavailable"];
        };
    };
    getWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The endpoint. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The deleted endpoint. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"] & {
                        /** @constant */
                        deleted: true;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    updateWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["UpdateWebhookEndpointRequest"];
            };
        };
        responses: {
            /** @description The updated endpoint. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpoint"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    testWebhookEndpoint: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The test delivery, on its way. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookDelivery"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    rotateWebhookSecret: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": components["schemas"]["RotateWebhookSecretRequest"];
            };
        };
        responses: {
            /** @description The endpoint with its new secret. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookEndpointWithSecret"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listWebhookEndpointDeliveries: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Only deliveries of this event type. */
                eventType?: components["parameters"]["WebhookEventTypeFilter"];
                /** @description Only deliveries in this status. */
                status?: components["parameters"]["WebhookDeliveryStatusFilter"];
                /** @description Only deliveries created after this time (exclusive). */
                createdAfter?: components["parameters"]["WebhookCreatedAfter"];
                /** @description Only deliveries created before this time (exclusive); after `createdAfter`. */
                createdBefore?: components["parameters"]["WebhookCreatedBefore"];
            };
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["WebhookDeliveryList"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    recoverWebhookDeliveries: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["RecoverWebhookDeliveriesRequest"];
            };
        };
        responses: {
            /** @description The recovery. */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRecovery"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getWebhookRecovery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @description A webhook endpoint id. */
                webhookId: components["parameters"]["WebhookId"];
                recoveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The recovery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WebhookRecovery"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listSenders: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of senders. Passwords and provider secrets are never listed. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["Sender"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createSender: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateSenderRequest"];
            };
        };
        responses: {
            /** @description The sender (with its provider secret, once, for an http sender). */
            201: {
                headers: {
                    "Idempotency-Replay": components["headers"]["IdempotencyReplay"];
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SenderWithSecret"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getSender: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                senderId: components["parameters"]["SenderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sender. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sender"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteSender: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                senderId: components["parameters"]["SenderId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The removed sender. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Sender"] & {
                        /** @constant */
                        deleted: true;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    listSequences: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @deprecated */
                workspaceId?: string;
                tableId?: string;
                columnId?: string;
                /** @description Comma-separated sequence statuses (`draft`, `active`, `paused`, `completed`, `stopped`, `failed`). */
                status?: components["parameters"]["SequenceStatusFilter"];
                /** @description Sequences with at least one step on this channel (`email`, `linkedin`; another value matches none). */
                channel?: components["parameters"]["SequenceChannelFilter"];
                /** @description An email address, LinkedIn slug or urn (case-insensitive, exact). */
                recipient?: components["parameters"]["SequenceRecipientFilter"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of sequence summaries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SequenceList"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listTableSequences: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Comma-separated sequence statuses (`draft`, `active`, `paused`, `completed`, `stopped`, `failed`). */
                status?: components["parameters"]["SequenceStatusFilter"];
                /** @description Sequences with at least one step on this channel (`email`, `linkedin`; another value matches none). */
                channel?: components["parameters"]["SequenceChannelFilter"];
                /** @description An email address, LinkedIn slug or urn (case-insensitive, exact). */
                recipient?: components["parameters"]["SequenceRecipientFilter"];
            };
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of the table's sequence summaries. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SequenceList"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createTableSequence: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCampaignRequest"];
            };
        };
        responses: {
            201: components["responses"]["CampaignDrafted"];
            202: components["responses"]["CampaignDraftingAdmitted"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getSequence: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The sequence and its steps. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SequenceDetail"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteSequenceRest: {
        parameters: {
            query?: {
                force?: boolean;
                dryRun?: boolean;
            };
            header?: never;
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The delete receipt, or the dryRun report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SequenceDeleteResult"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    stopSequence: {
        parameters: {
            query?: {
                dryRun?: boolean;
            };
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description What the stop did (or would do). */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SequenceStopResult"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteSequence: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                sequenceId: components["parameters"]["SequenceId"];
            };
            cookie?: never;
        };
        requestBody?: {
            content: {
                "application/json": {
                    /** @default false */
                    forceDeletionOfSentMessages?: boolean;
                    /** @default false */
                    dryRun?: boolean;
                };
            };
        };
        responses: {
            /** @description The delete receipt, or the dryRun report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SequenceDeleteResult"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    listTableCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The table's campaigns. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ListEnvelope"] & {
                        items?: components["schemas"]["CampaignSummary"][];
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    createTableCampaign: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                tableId: components["parameters"]["TableId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CreateCampaignRequest"];
            };
        };
        responses: {
            201: components["responses"]["CampaignDrafted"];
            202: components["responses"]["CampaignDraftingAdmitted"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    getCampaignById: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaign. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Campaign"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    deleteCampaign: {
        parameters: {
            query?: {
                confirm?: boolean;
                dryRun?: boolean;
            };
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The preview or the delete receipt. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignDeletePreview"] | {
                        /** Format: uuid */
                        id: string;
                        name: string;
                        /** @constant */
                        deleted: true;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    listCampaignPeople: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Substring of the recipient. */
                search?: string;
                /** @description Comma-separated send-status buckets (draft, scheduled, sent, paused, replied, stopped, failed). */
                status?: string;
            };
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["CampaignPeople"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    listCampaignSequences: {
        parameters: {
            query?: {
                /** @description Opaque cursor from a previous page's `nextCursor`. */
                cursor?: components["parameters"]["Cursor"];
                /** @description Page size (default 50, at most 100). */
                limit?: components["parameters"]["Limit"];
                /** @description Substring of the recipient. */
                search?: string;
                /** @description Comma-separated send-status buckets (draft, scheduled, sent, paused, replied, stopped, failed). */
                status?: string;
            };
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["CampaignPeople"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    getCampaignStats: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The campaign's stats. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignStats"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            429: components["responses"]["RateLimited"];
        };
    };
    editCampaign: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CampaignInstructionsRequest"];
            };
        };
        responses: {
            202: components["responses"]["CampaignEditAdmitted"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    editCampaignSteps: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["CampaignStepsEditRequest"];
            };
        };
        responses: {
            /** @description The campaign after the edit, the steps that changed and the sequences rewritten. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignEdit"];
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            415: components["responses"]["UnsupportedMediaType"];
            429: components["responses"]["RateLimited"];
        };
    };
    launchCampaign: {
        parameters: {
            query?: {
                /** @description Report what would happen; write nothing. */
                dryRun?: components["parameters"]["DryRun"];
            };
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["CampaignLaunched"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    sendCampaign: {
        parameters: {
            query?: {
                /** @description Report what would happen; write nothing. */
                dryRun?: components["parameters"]["DryRun"];
            };
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            200: components["responses"]["CampaignLaunched"];
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    pauseCampaignById: {
        parameters: {
            query?: {
                /** @description Report what would happen; write nothing. */
                dryRun?: components["parameters"]["DryRun"];
            };
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The transition, or the dryRun report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignTransition"] | {
                        /** @constant */
                        dryRun: true;
                        /** Format: uuid */
                        campaignId: string;
                        wouldPause: boolean;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    resumeCampaignById: {
        parameters: {
            query?: {
                /** @description Report what would happen; write nothing. */
                dryRun?: components["parameters"]["DryRun"];
            };
            header?: {
                /**
                 * @description Makes a POST safe to retry: the first response for a key is recorded for 24 h
                 *     and replayed with `Idempotency-Replay: true`. The same key with another
                 *     method, path or body, or while the first request is still running, answers
                 *     `409 IDEMPOTENCY_ERROR`. 5xx responses, and errors that carry `Retry-After` (a
                 *     request still in progress, contention, a concurrency limit), are never recorded:
                 *     the retry runs. Secrets shown once
                 *     (the properties marked `x-og-secret`: an API key, a `whsec_` signing secret, a
                 *     trigger URL) are removed before the response is recorded, so a replay answers
                 *     the same resource without them; rotate to get a new one.
                 */
                "Idempotency-Key"?: components["parameters"]["IdempotencyKey"];
            };
            path: {
                campaignId: components["parameters"]["CampaignId"];
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The transition, or the dryRun report. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["CampaignTransition"] | {
                        /** @constant */
                        dryRun: true;
                        /** Format: uuid */
                        campaignId: string;
                        wouldResume: boolean;
                    };
                };
            };
            400: components["responses"]["ValidationError"];
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            404: components["responses"]["NotFound"];
            409: components["responses"]["Conflict"];
            413: components["responses"]["PayloadTooLarge"];
            429: components["responses"]["RateLimited"];
        };
    };
    listWorkspaces: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    createWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    getWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    deleteWorkspaceRest: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    deleteWorkspace: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    listWorkspaceDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    uploadWorkspaceDocuments: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    uploadWorkspaceFilesLegacy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    getWorkspaceDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    deleteWorkspaceDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    renameWorkspaceDocument: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    renameWorkspaceDocumentLegacy: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
                documentId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    listWorkspaceCampaigns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                workspaceId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    listScheduledAgents: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    createScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    getScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    deleteScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    patchScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    enableScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    disableScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    triggerScheduledAgent: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    listScheduledAgentRuns: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    listProjects: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    createProject: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    getProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    deleteProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    updateProject: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                projectId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    getAccount: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    getAccountCredits: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            401: components["responses"]["Unauthorized"];
            403: components["responses"]["Forbidden"];
            429: components["responses"]["RateLimited"];
            501: components["responses"]["NotServed"];
        };
    };
    sequenceMessageSent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhSequenceMessageSentEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    sequenceReplyReceived: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhSequenceReplyReceivedEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    sequenceConnectionRequested: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhSequenceConnectionRequestedEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    sequenceConnectionAccepted: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhSequenceConnectionAcceptedEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    tableRunCompleted: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhTableRunCompletedEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    agentRunCompleted: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhAgentRunCompletedEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    triggerReceived: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhTriggerReceivedEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhookTest: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhWebhookTestEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
    webhookEndpointDisabled: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": components["schemas"]["WhWebhookEndpointDisabledEnvelope"];
            };
        };
        responses: {
            /** @description Any 2xx acknowledges the delivery. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
        };
    };
}
