using Microsoft.Data.Sqlite;

namespace InterviewFunctions.App.Storage.Sqlite;

/// <summary>One SQLite file in the data directory, in WAL mode, with its schema created on first use.</summary>
public sealed class SqliteDatabase : IDisposable
{
    /// <summary>The interview store file's schema version; every upgrade step raises it by one.</summary>
    public const int InterviewSchemaVersion = 10;

    /// <summary>Steps from one schema version to the next for files made by earlier versions; the schema then adds what is new.</summary>
    private static readonly string[] InterviewUpgrades =
    [
        // 1 to 2: when each interview's reminder plan next needs the dispatcher.
        "ALTER TABLE interviews ADD COLUMN next_dispatch_utc TEXT;",
        // 2 to 3: candidates' STAR stories.
        StorySchema,
        // 3 to 4: job postings, candidate profiles and their create claims.
        HiringSchema,
        // 4 to 5: candidates' mock interview sessions.
        MockInterviewSchema,
        // 5 to 6: candidates' resumes and their screenings.
        ScreeningSchema,
        // 6 to 7: interview evaluations.
        EvaluationSchema,
        // 7 to 8: calendar connections, event links and the webhook delivery log.
        CalendarSchema,
        // 8 to 9: calendar feed tokens.
        FeedTokenSchema,
        // 9 to 10: the stalled-work sweeper's indexes, and what it reads on the unsettled work of earlier versions.
        PendingWorkSchema + """
            UPDATE screenings SET doc = json_set(doc, '$.pendingSince', json_extract(doc, '$.queuedAt')) WHERE status IN ('queued', 'running');
            UPDATE evaluations SET doc = json_set(doc, '$.pendingSince', json_extract(doc, '$.createdAt')) WHERE json_extract(doc, '$.status') IN ('queued', 'running');
            """,
    ];

    /// <summary>
    /// Unsettled screenings and evaluations by their latest sign of life, a queue message sent or a worker's heartbeat
    /// (<c>pendingSince</c>, set only while unsettled, so the partial indexes hold just the pending few); a resume's
    /// screenings, to erase them with it.
    /// </summary>
    private const string PendingWorkSchema = $"""
        CREATE INDEX IF NOT EXISTS ix_screenings_pending ON screenings ({PendingSinceText.SqliteExpression}) WHERE {PendingSinceText.SqliteExpression} IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_evaluations_pending ON evaluations ({PendingSinceText.SqliteExpression}) WHERE {PendingSinceText.SqliteExpression} IS NOT NULL;
        CREATE INDEX IF NOT EXISTS ix_screenings_candidate_resume ON screenings (tenant_id, candidate_id, resume_id);
        """;

    /// <summary>Evaluations of transcripts, read by id or as the latest of a subject (an interview or a mock interview).</summary>
    private const string EvaluationSchema = """
        CREATE TABLE IF NOT EXISTS evaluations (
            tenant_id    TEXT NOT NULL,
            id           TEXT NOT NULL,
            subject      TEXT NOT NULL,
            subject_id   TEXT NOT NULL,
            created_utc  TEXT NOT NULL,
            etag         TEXT NOT NULL,
            doc          TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_evaluations_subject ON evaluations (tenant_id, subject, subject_id, created_utc, id);
        """;

    /// <summary>
    /// Resumes, read through their candidate (the owner) in upload order; screenings, read by job best first (the overall
    /// score is a column so that ranking is an index scan) or in queue order, and found by resume for idempotent queueing.
    /// </summary>
    private const string ScreeningSchema = """
        CREATE TABLE IF NOT EXISTS resumes (
            tenant_id TEXT NOT NULL,
            id        TEXT NOT NULL,
            owner     TEXT NOT NULL,
            etag      TEXT NOT NULL,
            doc       TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_resumes_owner ON resumes (tenant_id, owner, id);
        CREATE TABLE IF NOT EXISTS screenings (
            tenant_id    TEXT NOT NULL,
            id           TEXT NOT NULL,
            etag         TEXT NOT NULL,
            job_id       TEXT NOT NULL,
            candidate_id TEXT NOT NULL,
            resume_id    TEXT NOT NULL,
            status       TEXT NOT NULL,
            rank_score   INTEGER NOT NULL,
            doc          TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_screenings_rank ON screenings (tenant_id, job_id, rank_score DESC, id);
        CREATE INDEX IF NOT EXISTS ix_screenings_job ON screenings (tenant_id, job_id, id);
        CREATE INDEX IF NOT EXISTS ix_screenings_resume ON screenings (tenant_id, job_id, candidate_id, resume_id, id);
        """;

    /// <summary>
    /// Calendar connections (found by id alone, since a webhook delivery names only the connection), the link from each
    /// provider event to its interview, and the delivery log, newest first by id.
    /// </summary>
    private const string CalendarSchema = """
        CREATE TABLE IF NOT EXISTS calendar_connections (
            id          TEXT NOT NULL PRIMARY KEY,
            tenant_id   TEXT NOT NULL,
            etag        TEXT NOT NULL,
            expires_utc TEXT,
            doc         TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_calendar_connections_tenant ON calendar_connections (tenant_id, id);
        CREATE INDEX IF NOT EXISTS ix_calendar_connections_expiry ON calendar_connections (expires_utc) WHERE expires_utc IS NOT NULL;
        CREATE TABLE IF NOT EXISTS calendar_links (
            tenant_id       TEXT NOT NULL,
            link_key        TEXT NOT NULL,
            connection_id   TEXT NOT NULL,
            candidate_email TEXT,
            event_type      TEXT NOT NULL,
            state           TEXT NOT NULL,
            updated_utc     TEXT NOT NULL,
            etag            TEXT NOT NULL,
            doc             TEXT NOT NULL,
            PRIMARY KEY (tenant_id, link_key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_calendar_links_pairing ON calendar_links (tenant_id, connection_id, candidate_email, event_type, updated_utc);
        CREATE TABLE IF NOT EXISTS calendar_deliveries (
            tenant_id     TEXT NOT NULL,
            connection_id TEXT NOT NULL,
            id            TEXT NOT NULL,
            doc           TEXT NOT NULL,
            PRIMARY KEY (tenant_id, connection_id, id)
        ) WITHOUT ROWID;
        """;

    /// <summary>
    /// Calendar feed tokens: found by their secret's hash from anonymous feed requests (whatever the tenant), and
    /// listed by tenant and owner. The unique index makes a hash name one token.
    /// </summary>
    private const string FeedTokenSchema = """
        CREATE TABLE IF NOT EXISTS feed_tokens (
            tenant_id   TEXT NOT NULL,
            id          TEXT NOT NULL,
            owner       TEXT NOT NULL,
            secret_hash TEXT NOT NULL,
            doc         TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_feed_tokens_secret ON feed_tokens (secret_hash);
        CREATE INDEX IF NOT EXISTS ix_feed_tokens_owner ON feed_tokens (tenant_id, owner, id);
        """;

    /// <summary>
    /// Jobs and candidate profiles, read by tenant in id (creation) order. The unique index is what keeps an email to one
    /// candidate per tenant. Create claims record Idempotency-Keys of job and candidate creates, apart from the interviews'.
    /// </summary>
    private const string HiringSchema = """
        CREATE TABLE IF NOT EXISTS jobs (
            tenant_id  TEXT NOT NULL,
            id         TEXT NOT NULL,
            etag       TEXT NOT NULL,
            status     TEXT NOT NULL,
            domain_key TEXT,
            title_key  TEXT NOT NULL,
            doc        TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE TABLE IF NOT EXISTS candidates (
            tenant_id TEXT NOT NULL,
            id        TEXT NOT NULL,
            etag      TEXT NOT NULL,
            status    TEXT NOT NULL,
            email     TEXT NOT NULL,
            name_key  TEXT NOT NULL,
            doc       TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE UNIQUE INDEX IF NOT EXISTS ux_candidates_email ON candidates (tenant_id, email);
        CREATE TABLE IF NOT EXISTS create_claims (
            tenant_id    TEXT NOT NULL,
            kind         TEXT NOT NULL,
            key          TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            resource_id  TEXT NOT NULL,
            created_utc  TEXT NOT NULL,
            PRIMARY KEY (tenant_id, kind, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_create_claims_resource ON create_claims (tenant_id, kind, resource_id);
        """;

    /// <summary>Candidates' mock interview sessions, keyed by tenant and id and read by owner in id (start) order.</summary>
    private const string MockInterviewSchema = """
        CREATE TABLE IF NOT EXISTS mock_interviews (
            tenant_id TEXT NOT NULL,
            id        TEXT NOT NULL,
            owner     TEXT NOT NULL,
            etag      TEXT NOT NULL,
            doc       TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_mock_interviews_owner ON mock_interviews (tenant_id, owner, id);
        """;

    /// <summary>Candidates' STAR stories, keyed by tenant and id and read by owner in id (creation) order.</summary>
    private const string StorySchema = """
        CREATE TABLE IF NOT EXISTS stories (
            tenant_id TEXT NOT NULL,
            id        TEXT NOT NULL,
            owner     TEXT NOT NULL,
            etag      TEXT NOT NULL,
            doc       TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_stories_owner ON stories (tenant_id, owner, id);
        """;

    private const string InterviewSchema = """
        CREATE TABLE IF NOT EXISTS interviews (
            tenant_id       TEXT NOT NULL,
            id              TEXT NOT NULL,
            etag            TEXT NOT NULL,
            status          TEXT NOT NULL,
            type            TEXT NOT NULL,
            company_key     TEXT NOT NULL,
            job_id          TEXT,
            start_utc       TEXT NOT NULL,
            candidate_email TEXT NOT NULL,
            next_dispatch_utc TEXT,
            doc             TEXT NOT NULL,
            PRIMARY KEY (tenant_id, id)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_interviews_start ON interviews (tenant_id, start_utc, id);
        CREATE INDEX IF NOT EXISTS ix_interviews_candidate ON interviews (tenant_id, candidate_email, start_utc);
        CREATE INDEX IF NOT EXISTS ix_interviews_dispatch ON interviews (next_dispatch_utc) WHERE next_dispatch_utc IS NOT NULL;
        CREATE TABLE IF NOT EXISTS idempotency_keys (
            tenant_id    TEXT NOT NULL,
            key          TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            interview_id TEXT NOT NULL,
            created_utc  TEXT NOT NULL,
            PRIMARY KEY (tenant_id, key)
        ) WITHOUT ROWID;
        CREATE INDEX IF NOT EXISTS ix_idempotency_interview ON idempotency_keys (tenant_id, interview_id);
        """ + StorySchema + HiringSchema + MockInterviewSchema + ScreeningSchema + EvaluationSchema + CalendarSchema + FeedTokenSchema + PendingWorkSchema;

    private readonly string _connectionString;
    private readonly SemaphoreSlim _writeGate = new(1, 1);
    private SqliteConnection? _writeConnection;

    /// <summary>The interview store's file.</summary>
    public SqliteDatabase(string path) : this(path, InterviewSchema, InterviewSchemaVersion, InterviewUpgrades) { }

    /// <param name="schema">Idempotent DDL, run when the file's <c>user_version</c> is below <paramref name="schemaVersion"/>.</param>
    /// <param name="upgrades">For a file at version n (n ≥ 1), <c>upgrades[n - 1]</c> takes it to n + 1.</param>
    public SqliteDatabase(string path, string schema, int schemaVersion, IReadOnlyList<string>? upgrades = null)
    {
        upgrades ??= [];
        SQLitePCL.Batteries_V2.Init();
        SqliteSleep.Install();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
        FilePath = path;
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = path,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Seconds a statement waits for another writer's lock before it fails.
            DefaultTimeout = 30,
        }.ToString();

        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        Execute(connection, "PRAGMA journal_mode = WAL;");
        var version = Convert.ToInt32(new SqliteCommand("PRAGMA user_version;", connection).ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        for (var step = Math.Max(version, 1); version > 0 && step < schemaVersion && step - 1 < upgrades.Count; step++)
        {
            Execute(connection, upgrades[step - 1]);
        }
        if (version < schemaVersion)
        {
            Execute(connection, schema + $"PRAGMA user_version = {schemaVersion};");
        }
    }

    public string FilePath { get; }

    public async Task<SqliteConnection> OpenAsync(CancellationToken cancellationToken)
    {
        var connection = new SqliteConnection(_connectionString);
        await connection.OpenAsync(cancellationToken);
        return connection;
    }

    /// <summary>
    /// The write connection, held alone: SQLite has one writer at a time, and a second writer that finds the lock
    /// taken is put to sleep for 150 ms by the driver before it retries. Queueing writers here instead keeps write
    /// latency at the cost of the write itself, and lets one long-lived connection serve every write (no open per
    /// write). WAL with NORMAL sync survives any crash of the application; only a power loss can undo the last commits.
    /// </summary>
    public async Task<WriteLease> OpenForWriteAsync(CancellationToken cancellationToken)
    {
        await _writeGate.WaitAsync(cancellationToken);
        try
        {
            if (_writeConnection is null)
            {
                _writeConnection = await OpenAsync(cancellationToken);
                Execute(_writeConnection, "PRAGMA synchronous = NORMAL;");
            }
            return new WriteLease(_writeConnection, _writeGate);
        }
        catch
        {
            _writeGate.Release();
            throw;
        }
    }

    /// <summary>The write connection for one writer; disposing the lease lets the next writer in.</summary>
    public sealed class WriteLease(SqliteConnection connection, SemaphoreSlim gate) : IAsyncDisposable
    {
        public SqliteConnection Connection { get; } = connection;

        public ValueTask DisposeAsync()
        {
            gate.Release();
            return ValueTask.CompletedTask;
        }
    }

    public void Dispose()
    {
        _writeConnection?.Dispose();
        _writeGate.Dispose();
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
