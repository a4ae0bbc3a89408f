using MarketWatch.Data;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Crawling;

/// <summary>
/// Where evidence bytes live, by path (evidence/yyyy/MM/dd/SHA.ext): files in the data directory on one node,
/// PostgreSQL when several nodes share the database. Writes are once per path; hashes are checked by the store.
/// </summary>
public interface IEvidenceBackend
{
    /// <summary>Stores the bytes unless the path is already there (content-addressed: same path, same bytes).</summary>
    Task PutAsync(string path, byte[] content, CancellationToken ct);
    /// <summary>The stored bytes, or null when nothing is stored under the path.</summary>
    Task<byte[]?> GetAsync(string path, CancellationToken ct);
    Task DeleteAsync(string path, CancellationToken ct);
}

/// <summary>Files under the data directory, written through a temporary file and made read-only.</summary>
public sealed class FileEvidence(string dataDir) : IEvidenceBackend
{
    public async Task PutAsync(string path, byte[] content, CancellationToken ct)
    {
        var full = Path.Combine(dataDir, path);
        if (File.Exists(full)) return;   // content-addressed: the same bytes are already there
        PrivateFiles.CreateDirectory(Path.GetDirectoryName(full)!);
        var temp = full + ".tmp-" + Guid.NewGuid().ToString("N");
        await using (var s = new FileStream(temp, PrivateFiles.NewFile())) await s.WriteAsync(content, ct);   // 0600, then read-only: 0400
        try
        {
            File.Move(temp, full, overwrite: false);   // atomic: a killed process leaves a temp file, never half a file
            File.SetAttributes(full, FileAttributes.ReadOnly);
        }
        catch (IOException) when (File.Exists(full))
        {
            File.Delete(temp);   // another writer stored the same content first
        }
    }

    public async Task<byte[]?> GetAsync(string path, CancellationToken ct)
    {
        var full = Path.Combine(dataDir, path);
        return File.Exists(full) ? await File.ReadAllBytesAsync(full, ct) : null;
    }

    /// <summary>Read-only on purpose, so the flag is cleared first.</summary>
    public Task DeleteAsync(string path, CancellationToken ct)
    {
        var full = Path.Combine(dataDir, path);
        if (!File.Exists(full)) return Task.CompletedTask;
        File.SetAttributes(full, FileAttributes.Normal);
        File.Delete(full);
        return Task.CompletedTask;
    }
}

/// <summary>
/// Evidence in PostgreSQL's EvidenceBlobs table: every node reads what any node captured, and the evidence is
/// in the same backup as the records pointing at it (docs/decisions.md, issue 15).
/// </summary>
public sealed class DatabaseEvidence(IDbContextFactory<MarketWatchDb> dbFactory) : IEvidenceBackend
{
    public async Task PutAsync(string path, byte[] content, CancellationToken ct)
    {
        await using var db = dbFactory.CreateDbContext();
        // Two nodes capturing the same page the same day write the same path: the first one stands.
        await db.Database.ExecuteSqlAsync(
            $"""INSERT INTO "EvidenceBlobs" ("Path", "Content", "StoredAt") VALUES ({path}, {content}, now()) ON CONFLICT ("Path") DO NOTHING""", ct);
    }

    public async Task<byte[]?> GetAsync(string path, CancellationToken ct)
    {
        await using var db = dbFactory.CreateDbContext();
        return await db.Set<EvidenceBlob>().Where(b => b.Path == path).Select(b => b.Content).FirstOrDefaultAsync(ct);
    }

    public async Task DeleteAsync(string path, CancellationToken ct)
    {
        await using var db = dbFactory.CreateDbContext();
        await db.Set<EvidenceBlob>().Where(b => b.Path == path).ExecuteDeleteAsync(ct);
    }
}
