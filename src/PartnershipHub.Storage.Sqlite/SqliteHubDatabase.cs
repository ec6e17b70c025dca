using System.Threading.Channels;
using Microsoft.Data.Sqlite;
using PartnershipHub.Abstractions;
using PartnershipHub.Grains.Storage;

namespace PartnershipHub.Storage.Sqlite;

/// <summary>
/// The hub's embedded database: one SQLite file in WAL mode with <c>synchronous=FULL</c>, so a commit is on disk
/// (fsync) before it returns. Every write goes through one writer connection, owned by one loop that takes all the
/// writes waiting at that moment and commits them in one transaction: a group commit, one fsync for many writes,
/// each acknowledged only after that commit. Each write runs in its own savepoint, so one that fails (a version
/// conflict) is undone alone and the others still commit. Reads use pooled connections of their own, which WAL lets
/// run beside the writer.
/// </summary>
/// <remarks>
/// One hub process per file: the database is locked for the process's lifetime (a lock file beside it), so a
/// second hub on the same folder refuses to start rather than interleaving writes.
/// </remarks>
public sealed class SqliteHubDatabase : IHubStore, IAsyncDisposable
{
    /// <summary>The database file's name in the data folder.</summary>
    public const string FileName = "hub.db";

    /// <summary>The name of the thread that runs every write and commit (as /proc and debuggers show it), so its CPU can be told apart from the rest of the hub's.</summary>
    public const string WriterThreadName = "hub-store-write";

    /// <summary>The most writes one group commit takes; more wait for the next.</summary>
    public const int MaxGroup = 1024;

    private readonly Channel<PendingWrite> writes = Channel.CreateUnbounded<PendingWrite>(new UnboundedChannelOptions { SingleReader = true });
    private readonly string readConnectionString;
    private readonly string writeConnectionString;
    private readonly int? autocheckpointPages;
    private SqliteConnection? writer;
    private FileStream? processLock;
    private Task? loop;
    private long commits;
    private long committedWrites;

    /// <summary>Prepares the database at <paramref name="path"/>; <see cref="InitialiseAsync"/> opens it.</summary>
    /// <param name="path">The database file.</param>
    /// <param name="groupCommit">
    /// <see langword="true"/> (the default) to commit every write waiting at once together; <see langword="false"/>
    /// commits each write alone (one fsync each), kept only to measure what group commit is worth.
    /// </param>
    /// <param name="autocheckpointPages">
    /// The WAL size in pages at which a commit also checkpoints the WAL into the file (SQLite's
    /// <c>wal_autocheckpoint</c>; 0 never does). SQLite's default of 1000 when not given, as the hub runs; other
    /// values only to measure what checkpoints cost the writer.
    /// </param>
    public SqliteHubDatabase(string path, bool groupCommit = true, int? autocheckpointPages = null)
    {
        Path = System.IO.Path.GetFullPath(path);
        GroupCommit = groupCommit;
        this.autocheckpointPages = autocheckpointPages;
        var builder = new SqliteConnectionStringBuilder { DataSource = Path, Mode = SqliteOpenMode.ReadWriteCreate, Pooling = false };
        writeConnectionString = builder.ToString();
        builder.Mode = SqliteOpenMode.ReadWrite;
        builder.Pooling = true;
        readConnectionString = builder.ToString();
    }

    /// <summary>The database file.</summary>
    public string Path { get; }

    /// <summary>Whether waiting writes are committed together.</summary>
    public bool GroupCommit { get; }

    /// <summary>How many transactions the writer has committed (each one fsync).</summary>
    public long Commits => Interlocked.Read(ref commits);

    /// <summary>How many writes those transactions held.</summary>
    public long CommittedWrites => Interlocked.Read(ref committedWrites);

    /// <inheritdoc />
    public string Description => $"SQLite {Path}";

    /// <inheritdoc />
    public Task InitialiseAsync(CancellationToken cancellationToken)
    {
        if (loop is not null)
        {
            return Task.CompletedTask;
        }

        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(Path)!);
        try
        {
            processLock = new FileStream(Path + ".lock", FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException ex)
        {
            throw new StoreUnavailableException(
                $"The hub's database {Path} is in use by another hub process (its lock file {Path}.lock is held). " +
                "One hub process per database: stop the other one, or use the Azure backend for a cluster.", ex);
        }
        catch (UnauthorizedAccessException ex)
        {
            throw new StoreUnavailableException($"The hub's database folder {System.IO.Path.GetDirectoryName(Path)} is not writable.", ex);
        }

        try
        {
            writer = new SqliteConnection(writeConnectionString);
            writer.Open();
            Pragma("journal_mode", "WAL", expect: "wal");
            Pragma("synchronous", "FULL");
            Pragma("busy_timeout", "5000");
            if (autocheckpointPages is { } pages)
            {
                Pragma("wal_autocheckpoint", pages.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            SqliteSchema.Create(writer);

            // Proves at start that the file takes writes (a read-only file or folder, a full disk or a corrupt page
            // is found now, with a clear message, rather than on the first call).
            using (var probe = writer.CreateCommand())
            {
                probe.CommandText = "INSERT INTO hub_meta(name, value) VALUES('opened', datetime('now')) ON CONFLICT(name) DO UPDATE SET value = excluded.value";
                probe.ExecuteNonQuery();
            }
        }
        catch (SqliteException ex)
        {
            writer?.Dispose();
            writer = null;
            processLock.Dispose();
            processLock = null;
            throw Unavailable("open", ex);
        }

        // A thread of its own, not the thread pool's: every commit waits for an fsync, and a pool thread blocked there
        // is one the grains and gRPC do not have (two on a two-core machine).
        var stopped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        loop = stopped.Task;
        new Thread(() => WriteLoop(stopped)) { IsBackground = true, Name = WriterThreadName }.Start();
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task PingAsync(CancellationToken cancellationToken) => Task.FromResult(Read(connection =>
    {
        using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM hub_meta";
        return command.ExecuteScalar();
    }));

    /// <summary>
    /// Runs <paramref name="work"/> on the writer connection in the next group commit and completes once that commit
    /// is durable. An exception from the work undoes the work alone and is what the caller gets; a failed commit
    /// (full disk, I/O error) fails every write of the group with <see cref="StoreUnavailableException"/>.
    /// </summary>
    public Task<T> WriteAsync<T>(Func<SqliteWrite, T> work)
    {
        var pending = new PendingWrite<T>(work);
        if (loop is null || !writes.Writer.TryWrite(pending))
        {
            return Task.FromException<T>(new StoreUnavailableException($"The hub's database {Path} is not open."));
        }

        return pending.Completion.Task;
    }

    /// <summary>Runs <paramref name="read"/> on a pooled read connection, which sees every acknowledged write.</summary>
    public T Read<T>(Func<SqliteConnection, T> read)
    {
        try
        {
            using var connection = new SqliteConnection(readConnectionString);
            connection.Open();
            return read(connection);
        }
        catch (SqliteException ex)
        {
            throw Unavailable("read", ex);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        writes.Writer.TryComplete();
        if (loop is not null)
        {
            await loop;
        }

        writer?.Dispose();
        SqliteConnection.ClearAllPools();
        processLock?.Dispose();
    }

    private void WriteLoop(TaskCompletionSource stopped)
    {
        try
        {
            var group = new List<PendingWrite>();
            while (writes.Reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
            {
                group.Clear();
                while (group.Count < (GroupCommit ? MaxGroup : 1) && writes.Reader.TryRead(out var pending))
                {
                    group.Add(pending);
                }

                Commit(group);
            }

            stopped.SetResult();
        }
        catch (Exception ex)
        {
            stopped.SetException(ex);
        }
    }

    private void Commit(List<PendingWrite> group)
    {
        var connection = writer!;
        try
        {
            using var transaction = connection.BeginTransaction();
            var write = new SqliteWrite(connection, transaction);
            foreach (var pending in group)
            {
                write.Execute("SAVEPOINT w");
                try
                {
                    pending.Run(write);
                    write.Execute("RELEASE w");
                }
                catch (Exception ex) when (ex is not SqliteException { SqliteErrorCode: not SqliteErrors.Constraint })
                {
                    // This write alone is undone; the others of the group still commit.
                    write.Execute("ROLLBACK TO w");
                    write.Execute("RELEASE w");
                    pending.Refuse(ex);
                }
            }

            transaction.Commit();
            Interlocked.Increment(ref commits);
            Interlocked.Add(ref committedWrites, group.Count);
        }
        catch (Exception ex)
        {
            var failure = ex as StoreUnavailableException ?? Unavailable("commit", ex);
            group.ForEach(pending => pending.Refuse(failure));
        }

        group.ForEach(pending => pending.Complete());
    }

    private void Pragma(string name, string value, string? expect = null)
    {
        using var command = writer!.CreateCommand();
        command.CommandText = $"PRAGMA {name} = {value}";
        var answer = command.ExecuteScalar()?.ToString();
        if (expect is not null && !string.Equals(answer, expect, StringComparison.OrdinalIgnoreCase))
        {
            throw new StoreUnavailableException($"The hub's database {Path} did not switch to {name} {value} (it answered '{answer}').");
        }
    }

    private StoreUnavailableException Unavailable(string operation, Exception ex)
    {
        var problem = ex is SqliteException sqlite
            ? (sqlite.SqliteErrorCode switch
            {
                SqliteErrors.ReadOnly or SqliteErrors.CantOpen or SqliteErrors.Permission => "the file or its folder is read-only or cannot be opened",
                SqliteErrors.Busy or SqliteErrors.Locked => "the file is locked by another process",
                SqliteErrors.Full => "the disk is full",
                SqliteErrors.Corrupt or SqliteErrors.NotADatabase => "the file is corrupt or is not a SQLite database; restore it from a backup (deploy/OPERATIONS.md)",
                SqliteErrors.IoError => "a disk I/O error occurred",
                _ => "SQLite refused",
            }) + $" (SQLite error {sqlite.SqliteErrorCode}, extended {sqlite.SqliteExtendedErrorCode})"
            : ex.GetType().Name;
        return new StoreUnavailableException($"The hub's database {Path} failed to {operation}: {problem}.", ex);
    }

    /// <summary>A write waiting for its group commit.</summary>
    private abstract class PendingWrite
    {
        public abstract void Run(SqliteWrite write);

        public abstract void Refuse(Exception error);

        public abstract void Complete();
    }

    private sealed class PendingWrite<T>(Func<SqliteWrite, T> work) : PendingWrite
    {
        private T? result;
        private Exception? error;

        public TaskCompletionSource<T> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override void Run(SqliteWrite write) => result = work(write);

        public override void Refuse(Exception error) => this.error ??= error;

        public override void Complete()
        {
            if (error is null)
            {
                Completion.SetResult(result!);
            }
            else
            {
                Completion.SetException(error);
            }
        }
    }
}

/// <summary>The writer connection inside a group commit, as one write sees it.</summary>
public sealed class SqliteWrite(SqliteConnection connection, SqliteTransaction transaction)
{
    /// <summary>A command in the group's transaction with the given parameters (<c>$name</c>, value).</summary>
    public SqliteCommand Command(string sql, params (string Name, object? Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        return command;
    }

    /// <summary>Runs a statement; the number of rows it changed.</summary>
    public int Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteNonQuery();
    }

    /// <summary>Runs a query for one value.</summary>
    public object? Scalar(string sql, params (string Name, object? Value)[] parameters)
    {
        using var command = Command(sql, parameters);
        return command.ExecuteScalar();
    }
}

/// <summary>The SQLite result codes the store tells apart.</summary>
internal static class SqliteErrors
{
    public const int Permission = 3;
    public const int Busy = 5;
    public const int Locked = 6;
    public const int ReadOnly = 8;
    public const int IoError = 10;
    public const int Corrupt = 11;
    public const int Full = 13;
    public const int CantOpen = 14;
    public const int Constraint = 19;
    public const int NotADatabase = 26;
}
