using System.CommandLine;
using MarketWatch.Data;
using MarketWatch.Detection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace MarketWatch.Cli;

public static class TacCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "Osmocom tacdb CSV, a plain tac,brand,model CSV, or a tac,model list with --brand" };
        var brand = new Option<string?>("--brand") { Description = "Brand for every row of a single-brand list (e.g. a Samsung TAC list)" };
        var import = new Command("import", "Load TAC -> brand/model rows into the database (later imports replace earlier rows for the same TAC)") { file, brand };
        import.SetAction((result, ct) => CommandLine.Guard(result, async () =>
        {
            await using var services = await CliServices.StartAsync(CommandLine.Paths(result), ct);
            await using var db = await services.GetRequiredService<IDbContextFactory<MarketWatchDb>>().CreateDbContextAsync(ct);
            var outcome = await TacImport.ImportAsync(db, result.GetValue(file)!.FullName, result.GetValue(brand), ct);
            Console.WriteLine($"imported {outcome.Imported} TAC(s), skipped {outcome.Skipped}; the directory now holds {await db.Tacs.CountAsync(ct)}");
            foreach (var problem in outcome.Problems) Console.Error.WriteLine("skipped: " + problem);
            return 0;
        }));
        return new Command("tac", "The TAC directory (first 8 IMEI digits -> brand and model)") { import };
    }
}
