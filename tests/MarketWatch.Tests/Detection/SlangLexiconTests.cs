using MarketWatch.Detection;
using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Detection;

public class SlangLexiconTests
{
    [Fact]
    public void Maps_slang_words_but_never_the_words_detection_reads()
    {
        using var dir = new TempDir();
        var path = Path.Combine(dir.Path, "lexicon.csv");
        File.WriteAllText(path, "slang,formal,In-dictionary\ngk,enggak,1\nbs,bisa,1\nimei,imel,1\nunblok,unblock,1\n");
        var lexicon = SlangLexicon.Load(path);
        Assert.Equal("enggak bisa unblock imei", lexicon.Apply(TextNormalizer.Normalize("GK BS unblok IMEI")));
        Assert.StartsWith("slang-", lexicon.Version);
    }

    [SkippableFact]
    public void Loads_the_colloquial_indonesian_lexicon()
    {
        SharedData.Require(SharedData.Lexicon);
        var lexicon = SlangLexicon.Load(SharedData.Lexicon);
        Assert.True(lexicon.Count > 3_000, $"{lexicon.Count} entries");
        Assert.Equal("yang bisa dengan", lexicon.Apply("yg bs dgn"));
    }

    [Fact]
    public void A_missing_lexicon_names_the_setting()
    {
        var e = Assert.Throws<FileNotFoundException>(() => SlangLexicon.Load("/nonexistent/lexicon.csv"));
        Assert.Contains("Detection:SlangLexicon", e.Message);
    }
}
