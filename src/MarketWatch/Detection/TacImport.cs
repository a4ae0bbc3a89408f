using MarketWatch.Data;
using System.Data.Common;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.EntityFrameworkCore;

namespace MarketWatch.Detection;

public sealed record TacImportResult(int Imported, int Skipped, IReadOnlyList<string> Problems);

/// <summary>
/// Loads a TAC list into the Tacs table. Accepts the Osmocom tacdb layout (a licence line, then
/// `tac,name,name,...`: brand then model), a plain `tac,brand,model` CSV, and model-only lists
/// (`tac,model,...`) when a brand is given. Rows with a malformed TAC are skipped and reported by line.
/// </summary>
public static class TacImport
{
    public static async Task<TacImportResult> ImportAsync(MarketWatchDb db, string path, string? brand, CancellationToken ct)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such file");
        using var text = new StreamReader(path);
        var csv = new CsvReader(text, path);
        var header = csv.Read() ?? throw new CsvFormatException(path, 1, "the file is empty");
        if (!header[0].Trim().TrimStart('\uFEFF').Equals("tac", StringComparison.OrdinalIgnoreCase))
            header = csv.Read() ?? throw new CsvFormatException(path, 2, "no header line after the licence line");   // Osmocom's licence line
        var names = header.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
        if (names[0] != "tac") throw new CsvFormatException(path, csv.RecordLine, $"the first column must be 'tac' (found '{header[0]}')");
        var (brandCol, modelCol) = Columns(names, brand, path, csv.RecordLine);
        var source = Path.GetFileName(path);

        // Plain ADO.NET for a list of 100k+ rows; the SQL (quoted identifiers, ON CONFLICT) is the same on SQLite and PostgreSQL.
        await db.Database.OpenConnectionAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        await using var insert = db.Database.GetDbConnection().CreateCommand();
        insert.Transaction = tx.GetDbTransaction();
        insert.CommandText = """
            INSERT INTO "Tacs" ("Tac", "Brand", "Model", "Source") VALUES (@tac, @brand, @model, @source)
            ON CONFLICT ("Tac") DO UPDATE SET "Brand" = excluded."Brand", "Model" = excluded."Model", "Source" = excluded."Source"
            """;
        DbParameter Add(string name)
        {
            var p = insert.CreateParameter();
            (p.ParameterName, p.DbType) = (name, System.Data.DbType.String);
            insert.Parameters.Add(p);
            return p;
        }
        var (pTac, pBrand, pModel) = (Add("@tac"), Add("@brand"), Add("@model"));
        Add("@source").Value = source;
        int imported = 0, skipped = 0;
        var problems = new List<string>();
        while (csv.Read() is { } row)
        {
            var tac = row[0].Trim();
            var rowBrand = brandCol is { } b ? (b < row.Count ? row[b].Trim() : "") : brand!;
            if (tac.Length != 8 || !tac.All(char.IsAsciiDigit) || rowBrand.Length == 0)
            {
                skipped++;
                if (problems.Count < 10) problems.Add($"{path}: line {csv.RecordLine}: " + (rowBrand.Length == 0 ? "no brand" : $"TAC '{tac}' is not 8 digits"));
                continue;
            }
            pTac.Value = tac;
            pBrand.Value = rowBrand;
            pModel.Value = modelCol < row.Count && row[modelCol].Trim() is { Length: > 0 } m ? m : DBNull.Value;
            await insert.ExecuteNonQueryAsync(ct);
            imported++;
        }
        await tx.CommitAsync(ct);
        return new TacImportResult(imported, skipped, problems);
    }

    private static (int? Brand, int Model) Columns(List<string> names, string? brand, string path, long line)
    {
        int Find(params string[] candidates) => names.FindIndex(n => candidates.Contains(n));
        var brandCol = Find("brand", "manufacturer", "make");
        var modelCol = Find("model", "marketing_name", "model_name");
        if (brandCol < 0 && names.Count > 2 && names[1] == "name" && names[2] == "name") return (1, 2);   // Osmocom: name, name
        if (brand is not null) return (null, modelCol >= 0 ? modelCol : 1);
        if (brandCol < 0)
            throw new CsvFormatException(path, line, $"no brand column (columns: {string.Join(", ", names)}); pass --brand for a single-brand list");
        return (brandCol, modelCol >= 0 ? modelCol : brandCol + 1);
    }

    public static async Task<TacDirectory> LoadAsync(MarketWatchDb db, CancellationToken ct) =>
        new(await db.Tacs.AsNoTracking().ToDictionaryAsync(t => t.Tac, t => new TacInfo(t.Brand, t.Model), ct));
}
