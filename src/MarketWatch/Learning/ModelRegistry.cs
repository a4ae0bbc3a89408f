using System.Security.Cryptography;
using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;
using MarketWatch.Crawling;
using Microsoft.Extensions.Logging;

namespace MarketWatch.Learning;

/// <summary>
/// Every trained model with its version, training rows, recipe and gate figures, in the database; the bytes
/// content-addressed under DATA/models (the same shared data directory evidence already needs on several
/// nodes). The champion is the latest <see cref="ModelPromotion"/>. A champion whose file is missing or does
/// not hash to what the registry says stops the start, naming the file: detection never runs on a guess.
/// On PostgreSQL the bytes are also kept in the database (EvidenceBlobs, under models/SHA.zip), because each node
/// has a data directory of its own: a model trained and promoted on one node is fetched from there by the others.
/// </summary>
public sealed class ModelRegistry(IDbContextFactory<MarketWatchDb> dbFactory, AppPaths paths, DetectionOptions detection, ModelOptions options,
    ILogger<ModelRegistry>? log = null, DatabaseOptions? database = null)
{
    private IEvidenceBackend? Shared => database is { IsPostgres: true } ? new DatabaseEvidence(dbFactory) : null;
    private static string SharedPath(ModelVersion model) => "models/" + model.Sha256 + ".zip";

    public const string Bootstrap = "bootstrap";
    public string ModelsDir => Path.Combine(paths.DataDir, "models");
    public string FileOf(ModelVersion model) => Path.Combine(ModelsDir, model.Sha256 + ".zip");
    public ModelOptions Options => options;
    public DetectionOptions Detection => detection;

    /// <summary>
    /// The model detection starts with: a configured file (Detection:ModelPath pins it, the registry is not
    /// consulted), else the registry's champion, else one trained from the corpus and made champion.
    /// </summary>
    public Classifier LoadStartupModel()
    {
        if (!string.IsNullOrWhiteSpace(detection.ModelPath))
            return File.Exists(detection.ModelPath)
                ? Classifier.Load(detection.ModelPath)
                : throw new FileNotFoundException($"Detection:ModelPath: model file '{detection.ModelPath}' does not exist");
        using (var db = dbFactory.CreateDbContext())
            if (Champion(db) is { } champion) return Load(champion);
        return BootstrapAsync(CancellationToken.None).GetAwaiter().GetResult();
    }

    public static ModelVersion? Champion(MarketWatchDb db) =>
        db.ModelPromotions.AsNoTracking().OrderByDescending(p => p.Id).Select(p => p.Version).FirstOrDefault() is { } version
            ? db.Models.AsNoTracking().FirstOrDefault(m => m.Version == version) : null;

    public static Task<string?> ChampionVersionAsync(MarketWatchDb db, CancellationToken ct) =>
        db.ModelPromotions.AsNoTracking().OrderByDescending(p => p.Id).Select(p => p.Version).FirstOrDefaultAsync(ct);

    /// <summary>Loads a registered model after checking its file is there and is the file that was registered.</summary>
    public Classifier Load(ModelVersion model)
    {
        var file = FileOf(model);
        if (!File.Exists(file) && Shared?.GetAsync(SharedPath(model), default).GetAwaiter().GetResult() is { } shared)
        {
            Directory.CreateDirectory(ModelsDir);
            var temp = Path.Combine(ModelsDir, $".{model.Version}.{Guid.NewGuid():N}.tmp");
            File.WriteAllBytes(temp, shared);
            File.Move(temp, file, overwrite: true);   // checked against the registry's hash below, like a local file
        }
        if (!File.Exists(file))
            throw new InvalidDataException($"model {model.Version}: its file {file} is missing (the registry in the database expects SHA-256 {model.Sha256}); restore the file or promote another model with `marketwatch models promote VERSION`");
        var sha = Convert.ToHexStringLower(SHA256.HashData(File.ReadAllBytes(file)));
        if (sha != model.Sha256)
            throw new InvalidDataException($"model {model.Version}: its file {file} is corrupt (SHA-256 {sha}, the registry expects {model.Sha256}); restore the file or promote another model with `marketwatch models promote VERSION`");
        return Classifier.Load(file);
    }

    /// <summary>Writes the model's file (once per content) and its registry row; returns the row.</summary>
    public async Task<ModelVersion> RegisterAsync(Classifier classifier, ModelVersion row, CancellationToken ct)
    {
        Directory.CreateDirectory(ModelsDir);
        var temp = Path.Combine(ModelsDir, $".{classifier.Version}.{Guid.NewGuid():N}.tmp");
        classifier.Save(temp);
        var bytes = await File.ReadAllBytesAsync(temp, ct);
        row.Sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        row.Bytes = bytes.Length;
        var file = FileOf(row);
        if (File.Exists(file)) File.Delete(temp);
        else File.Move(temp, file);   // content-addressed: a file of that name always holds exactly these bytes
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        if (await db.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Version == row.Version, ct) is { } existing) return existing;
        if (Shared is { } shared) await shared.PutAsync(SharedPath(row), bytes, ct);
        db.Models.Add(row);
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateException)
        {
            // Nodes starting together train the same first model and both register it: the first row stands (its
            // bytes were shared before its row was written, so Load finds them on this node too).
            await using var again = await dbFactory.CreateDbContextAsync(ct);
            if (await again.Models.AsNoTracking().FirstOrDefaultAsync(m => m.Version == row.Version, ct) is { } first) return first;
            throw;
        }
        return row;
    }

    // First start: the corpus model, cached by version (tests and fresh data directories share it), made champion.
    private async Task<Classifier> BootstrapAsync(CancellationToken ct)
    {
        var corpus = TrainingData.Read(EvaluationSets.CorpusPath(paths.FixturesDir));
        var version = Classifier.VersionFor(corpus, options.Recipe);
        var cacheDir = string.IsNullOrWhiteSpace(detection.ModelCacheDir) ? ModelsDir : detection.ModelCacheDir;
        var cached = Path.Combine(cacheDir, version + ".zip");
        Classifier? classifier = null;
        if (File.Exists(cached))
        {
            try { classifier = Classifier.Load(cached); }
            catch (InvalidDataException) { log?.LogWarning("cached model {Path} is unreadable; training again", cached); }
        }
        if (classifier is null)
        {
            log?.LogInformation("training the first model from the corpus ({Trainer})", options.Recipe.TrainerName);
            classifier = Classifier.Train(corpus, options.Recipe);
            classifier.Save(cached);
        }
        var row = await RegisterAsync(classifier, new ModelVersion
        {
            Version = classifier.Version, CreatedAt = DateTime.UtcNow, CreatedBy = Bootstrap, Trainer = options.Recipe.Trainer, Recipe = classifier.Recipe,
            CorpusRows = corpus.Count, Sha256 = "", Status = ModelStatus.Promoted, StatusReason = "the first model, trained on the corpus alone",
        }, ct);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        // Two processes starting at once both train the same version; only the first promotion is recorded.
        if (await ChampionVersionAsync(db, ct) is { } champion) return champion == row.Version ? classifier : Load(Champion(db)!);
        db.ModelPromotions.Add(new ModelPromotion { Version = row.Version, Action = Bootstrap, Actor = "system", Reason = row.StatusReason, At = DateTime.UtcNow });
        await db.SaveChangesAsync(ct);
        return classifier;
    }
}
