using MarketWatch.Crawling;

namespace MarketWatch.Tests.Crawling;

/// <summary>
/// RFC 9309, section by section, with the cases that matter in practice (the reference parser's test suite
/// was read to find them; these tests are written from the RFC's text). Each case: a robots.txt, a product
/// token, a URL, and whether that URL may be crawled.
/// </summary>
public class RobotsTxtTests
{
    private static bool Allowed(string robots, string agent, string url) => RobotsTxt.Parse(robots, agent).Allows(new Uri(url));

    [Theory]
    [InlineData("", "FooBot", true)]                                  // an empty file allows everything
    [InlineData("user-agent: FooBot\ndisallow: /\n", "FooBot", false)]
    [InlineData("foo: FooBot\nbar: /\n", "FooBot", true)]             // unknown records are no rules
    [InlineData("user-agent FooBot\ndisallow /\n", "FooBot", false)]  // a forgotten colon is read as meant
    [InlineData("disallow: /\nuser-agent: FooBot\nallow: /x\n", "FooBot", true)]   // a rule before any group is ignored
    public void Lines_are_records_of_name_colon_value(string robots, string agent, bool allowed) =>
        Assert.Equal(allowed, Allowed(robots, agent, "http://foo.bar/x/y"));

    private const string Groups = """
        allow: /foo/bar/

        user-agent: FooBot
        disallow: /
        allow: /x/
        user-agent: BarBot
        disallow: /
        allow: /y/


        allow: /w/
        user-agent: BazBot

        user-agent: FooBot
        allow: /z/
        disallow: /
        """;

    [Theory]
    [InlineData("FooBot", "/x/b", true)]
    [InlineData("FooBot", "/z/d", true)]      // the second FooBot group is combined with the first
    [InlineData("FooBot", "/y/c", false)]
    [InlineData("BarBot", "/y/c", true)]
    [InlineData("BarBot", "/w/a", true)]      // blank lines do not end a group
    [InlineData("BarBot", "/z/d", false)]
    [InlineData("BazBot", "/z/d", true)]      // consecutive user-agent lines share one group
    [InlineData("FooBot", "/foo/bar/", false)]
    [InlineData("BarBot", "/foo/bar/", false)]
    [InlineData("BazBot", "/foo/bar/", false)]
    public void A_group_runs_from_its_user_agent_lines_to_the_next_user_agent_after_a_rule(string agent, string path, bool allowed) =>
        Assert.Equal(allowed, Allowed(Groups, agent, "http://foo.bar" + path));

    [Theory]
    [InlineData("User-agent: BarBot\nSitemap: https://foo.bar/sitemap\nUser-agent: *\nDisallow: /\n")]
    [InlineData("User-agent: FooBot\nInvalid-Unknown-Line: unknown\nUser-agent: *\nDisallow: /\n")]
    [InlineData("User-agent: BarBot\nCrawl-delay: 3\nUser-agent: *\nDisallow: /\n")]
    public void Other_records_do_not_end_a_group(string robots)
    {
        Assert.False(Allowed(robots, "BarBot", "http://foo.bar/"));
        Assert.False(Allowed(robots, "FooBot", "http://foo.bar/"));
        Assert.False(Allowed(robots, "OtherBot", "http://foo.bar/"));
    }

    [Theory]
    [InlineData("USER-AGENT: FooBot\nALLOW: /x/\nDISALLOW: /\n")]
    [InlineData("user-agent: FooBot\nallow: /x/\ndisallow: /\n")]
    [InlineData("uSeR-aGeNt: FooBot\nAlLoW: /x/\ndIsAlLoW: /\n")]
    [InlineData("User-Agent: FOO BAR\nAllow: /x/\nDisallow: /\n")]   // the product token is "FOO", matched case-insensitively
    [InlineData("User-Agent: foobot/2.1\nAllow: /x/\nDisallow: /\n")]
    public void Names_and_product_tokens_are_case_insensitive(string robots)
    {
        var agent = robots.Contains("FOO BAR") ? "foo" : "FOOBOT";
        Assert.True(Allowed(robots, agent, "http://foo.bar/x/y"));
        Assert.False(Allowed(robots, agent, "http://foo.bar/a/b"));
    }

    [Theory]
    [InlineData("User-agent: Foo\nDisallow: /\n", "FooBot", true)]       // whole-token match: "Foo" is not "FooBot"
    [InlineData("User-agent: FooBotX\nDisallow: /\n", "FooBot", true)]
    [InlineData("User-agent: Bot\nDisallow: /\n", "FooBot", true)]
    [InlineData("User-agent: FooBot\nDisallow: /\n", "FooBot/1.0 (+mailto:x@y)", false)]   // our token is read from a user agent string
    [InlineData("User-agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Foo", true)]
    [InlineData("User-agent: *\nDisallow: /\nUser-Agent: Foo Bar\nAllow: /x/\nDisallow: /\n", "Bar", false)]
    [InlineData("User-agent: * extra words\nDisallow: /x/\n", "FooBot", false)]   // "*" followed by a space is still "*"
    [InlineData("User-agent: *FooBot\nDisallow: /x/\n", "FooBot", true)]          // neither "*" nor a token
    public void User_agents_are_matched_as_whole_product_tokens(string robots, string agent, bool allowed) =>
        Assert.Equal(allowed, Allowed(robots, agent, "http://foo.bar/x/y"));

    [Theory]
    [InlineData("user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n", "FooBot", false)]
    [InlineData("user-agent: *\nallow: /\nuser-agent: FooBot\ndisallow: /\n", "BarBot", true)]
    [InlineData("user-agent: FooBot\nallow: /\nuser-agent: BarBot\ndisallow: /\n", "QuxBot", true)]   // no group for us, no "*": no rules
    [InlineData("User-agent: *\nDisallow: /x/\nUser-agent: FooBot\nDisallow: /y/\n", "FooBot", true)]  // our group replaces "*" entirely
    [InlineData("User-agent: *\nDisallow: /x/\n\nUser-agent: *\nDisallow: /x/y\nAllow: /x/y\n", "FooBot", true)]   // "*" groups combine too
    [InlineData("User-agent: FooBot\nDisallow:\n\nUser-agent: *\nDisallow: /\n", "FooBot", true)]   // an empty Disallow allows all
    public void Our_group_if_any_else_the_star_groups(string robots, string agent, bool allowed) =>
        Assert.Equal(allowed, Allowed(robots, agent, "http://foo.bar/x/y"));

    [Theory]
    [InlineData("disallow: /x/page.html\nallow: /x/\n", "/x/page.html", false)]
    [InlineData("allow: /x/page.html\ndisallow: /x/\n", "/x/page.html", true)]
    [InlineData("allow: /x/page.html\ndisallow: /x/\n", "/x/", false)]
    [InlineData("disallow: \nallow: \n", "/x/page.html", true)]
    [InlineData("disallow: /\nallow: /\n", "/x/page.html", true)]                 // equal length: Allow wins
    [InlineData("disallow: /x/page.html\nallow: /x/page.html\n", "/x/page.html", true)]
    [InlineData("disallow: /x\nallow: /x/\n", "/x", false)]
    [InlineData("disallow: /x\nallow: /x/\n", "/x/", true)]
    [InlineData("allow: /page\ndisallow: /*.html\n", "/page.html", false)]        // longest pattern wins, "*" counted
    [InlineData("allow: /page\ndisallow: /*.html\n", "/page", true)]
    [InlineData("allow: /x/page.\ndisallow: /*.html\n", "/x/page.html", true)]
    [InlineData("allow: /x/page.\ndisallow: /*.html\n", "/x/y.html", false)]
    [InlineData("allow: /example/page/\ndisallow: /example/page/disallowed.gif\n", "/example/page/", true)]   // RFC 9309 §5.2
    [InlineData("allow: /example/page/\ndisallow: /example/page/disallowed.gif\n", "/example/page/disallowed.gif", false)]
    [InlineData("allow: /folder\ndisallow: /folder\n", "/folder/page", true)]
    [InlineData("allow: /$\ndisallow: /\n", "/", true)]
    [InlineData("allow: /$\ndisallow: /\n", "/page.html", false)]
    public void The_longest_match_decides_and_allow_wins_a_tie(string rules, string path, bool allowed) =>
        Assert.Equal(allowed, Allowed("user-agent: FooBot\n" + rules, "FooBot", "http://foo.bar" + path));

    [Theory]
    [InlineData("/x/", "/x/y", false)]
    [InlineData("/X/", "/x/y", true)]          // paths are case-sensitive
    [InlineData("/fish", "/Fish.asp", true)]
    [InlineData("/fish", "/fishheads/yummy.html", false)]
    [InlineData("/fish", "/catfish", true)]
    [InlineData("/fish", "/?id=fish", true)]
    [InlineData("/fish*", "/fish.html?id=anything", false)]
    [InlineData("/fish/", "/fish", true)]
    [InlineData("/fish/", "/fish/?salmon", false)]
    [InlineData("/*.php", "/folder/filename.php?parameters", false)]
    [InlineData("/*.php", "/index?f=filename.php/", false)]
    [InlineData("/*.php", "/windows.PHP", true)]
    [InlineData("/*.php$", "/filename.php", false)]
    [InlineData("/*.php$", "/filename.php?parameters", true)]
    [InlineData("/*.php$", "/filename.php5", true)]
    [InlineData("/fish*.php", "/fishheads/catfish.php?parameters", false)]
    [InlineData("/foo/*/qux", "/foo/bar/qux", false)]
    [InlineData("/foo/*/qux", "/foo/qux", true)]
    [InlineData("/foo/*/qux", "/foo//qux", false)]
    [InlineData("/foo/bar$", "/foo/bar", false)]
    [InlineData("/foo/bar$", "/foo/bar/", true)]
    [InlineData("/a$b", "/a$b", false)]        // "$" inside a pattern is a plain character
    [InlineData("*", "/anything", false)]
    public void Star_matches_any_run_and_dollar_ends_the_path(string pattern, string path, bool allowed) =>
        Assert.Equal(allowed, Allowed($"user-agent: FooBot\ndisallow: {pattern}\n", "FooBot", "http://foo.bar" + path));

    [Theory]
    [InlineData("/foo/bar/ツ", "/foo/bar/%E3%83%84", true)]
    [InlineData("/foo/bar/ツ", "/foo/bar/ツ", true)]                     // System.Uri escapes it; the rule is escaped the same way
    [InlineData("/foo/bar/%E3%83%84", "/foo/bar/ツ", true)]
    [InlineData("/foo/bar/%e3%83%84", "/foo/bar/%E3%83%84", true)]      // escapes compare with upper-case hex
    [InlineData("/foo/bar/%62%61%7A", "/foo/bar/baz", true)]            // escaped unreserved characters are decoded (§2.2.2)
    [InlineData("/foo/bar/baz", "/foo/bar/%62%61%7A", true)]
    [InlineData("/foo/bar?qux=taz&baz=http://foo.bar?tar&par", "/foo/bar?qux=taz&baz=http://foo.bar?tar&par", true)]
    [InlineData("/a%2Fb", "/a/b", false)]                               // an escaped reserved "/" is not a "/"
    [InlineData("/path/file-with-a-%2A.html", "/path/file-with-a-*.html", true)]   // §2.2.3: a literal "*" is matched escaped
    [InlineData("/path/foo-%24", "/path/foo-$", true)]
    [InlineData("/path/foo-$", "/path/foo-", true)]                     // unescaped, "$" is the end anchor
    [InlineData("/Sanjosé", "/Sanjos%C3%A9", true)]
    public void Percent_encoding_is_normalised_the_same_way_on_both_sides(string allowRule, string path, bool allowed) =>
        Assert.Equal(allowed, Allowed($"User-agent: FooBot\nDisallow: /\nAllow: {allowRule}\n", "FooBot", "http://foo.bar" + path));

    [Theory]
    [InlineData("User-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n")]
    [InlineData("User-Agent: foo\r\nAllow: /some/path\r\nUser-Agent: bar\r\n\r\n\r\nDisallow: /\r\n")]
    [InlineData("User-Agent: foo\rAllow: /some/path\rUser-Agent: bar\r\r\rDisallow: /\r")]   // CR-only line endings
    [InlineData("User-Agent: foo\nAllow: /some/path\r\nUser-Agent: bar\n\r\n\nDisallow: /")]  // mixed, no final newline
    [InlineData("\uFEFFUser-Agent: foo\nAllow: /some/path\nUser-Agent: bar\n\n\nDisallow: /\n")] // a byte-order mark
    public void CR_LF_and_CRLF_end_lines_and_a_byte_order_mark_is_skipped(string robots)
    {
        var bar = RobotsTxt.Parse(robots, "bar");
        Assert.False(bar.Allows(new Uri("http://foo.bar/a")));
        Assert.Equal(6, bar.Rules.Single().Line);    // line numbers count every kind of line ending alike
        var foo = RobotsTxt.Parse(robots, "foo");
        Assert.True(foo.Allows(new Uri("http://foo.bar/some/path")));
        Assert.Equal(1, foo.GroupAgents.Single().Line);
    }

    [Fact]
    public void Comments_are_cut_from_any_line()
    {
        const string robots = "User-agent: FooBot # us\n# Disallow: /\nDisallow: /foo/quz#qux\nAllow: / # all else\n";
        Assert.True(Allowed(robots, "FooBot", "http://foo.bar/foo/bar"));
        Assert.False(Allowed(robots, "FooBot", "http://foo.bar/foo/quz"));
    }

    [Fact]
    public void Robots_txt_itself_is_always_allowed()
    {
        Assert.True(Allowed("User-agent: *\nDisallow: /\n", "FooBot", "http://foo.bar/robots.txt"));
        Assert.False(Allowed("User-agent: *\nDisallow: /\n", "FooBot", "http://foo.bar/robots.txt.bak"));
    }

    [Fact]
    public void The_rfc_example_file_reads_as_section_5_1_says()
    {
        const string robots = """
            User-Agent: *
            Disallow: *.gif$
            Disallow: /example/
            Allow: /publications/

            User-Agent: foobot
            Disallow:/
            Allow:/example/page.html
            Allow:/example/allowed.gif

            User-Agent: barbot
            User-Agent: bazbot
            Disallow: /example/page.html

            User-Agent: quxbot

            EOF
            """;
        Assert.True(Allowed(robots, "foobot", "http://www.example.com/example/page.html"));
        Assert.True(Allowed(robots, "foobot", "http://www.example.com/example/allowed.gif"));
        Assert.False(Allowed(robots, "foobot", "http://www.example.com/publications/"));
        Assert.False(Allowed(robots, "barbot", "http://www.example.com/example/page.html"));
        Assert.True(Allowed(robots, "bazbot", "http://www.example.com/example/other.gif"));
        Assert.True(Allowed(robots, "quxbot", "http://www.example.com/example/"));   // its group has no rules
        Assert.False(Allowed(robots, "otherbot", "http://www.example.com/a.gif"));
        Assert.False(Allowed(robots, "otherbot", "http://www.example.com/example/x"));
        Assert.True(Allowed(robots, "otherbot", "http://www.example.com/publications/x"));
    }

    [Fact]
    public void Crawl_delay_and_sitemaps_are_read_and_the_deciding_rule_is_named()
    {
        var robots = RobotsTxt.Parse("Sitemap: https://foo.bar/s.xml\nUser-agent: MarketWatch\nCrawl-delay: 2.5\nDisallow: /cart\nAllow: /cart/public\n", "MarketWatch");
        Assert.Equal(2.5, robots.CrawlDelaySeconds);
        Assert.Equal(["https://foo.bar/s.xml"], robots.Sitemaps);
        var decision = robots.Decide(new Uri("https://foo.bar/cart/public/x?q=1"));
        Assert.True(decision.Allowed);
        Assert.Equal(5, decision.Rule!.Line);
        Assert.Equal("line 5: Allow: /cart/public", decision.Rule.ToString());
        Assert.Equal("/cart/public/x?q=1", decision.Path);
        Assert.Contains("disallowed by line 4", robots.Decide(new Uri("https://foo.bar/cart")).Reason);
    }

    [Fact]
    public void A_hostile_pattern_of_stars_is_matched_in_linear_steps_not_by_backtracking()
    {
        var pattern = "/" + string.Concat(Enumerable.Repeat("*a", 2000)) + "b";
        var path = "/" + new string('a', 20_000);
        var robots = RobotsTxt.Parse($"User-agent: *\nDisallow: {pattern}\n", "FooBot");
        // A backtracking matcher would not finish this in the lifetime of the test run.
        Assert.True(robots.Allows(new Uri("http://foo.bar" + path)));
    }

    [Fact]
    public void A_rule_after_half_a_mebibyte_of_file_is_still_read()
    {
        var padding = string.Concat(Enumerable.Repeat("# " + new string('x', 98) + "\n", 5_000));   // 500,000 bytes of comments
        var robots = RobotsTxt.Parse("User-agent: *\n" + padding + "Disallow: /late\n", "FooBot");
        Assert.False(robots.Allows(new Uri("http://foo.bar/late/x")));
    }

    [Fact]
    public void An_unreachable_robots_txt_disallows_everything_and_says_why()
    {
        var decision = RobotsTxt.Unreachable("answered 503").Decide(new Uri("http://foo.bar/x"));
        Assert.False(decision.Allowed);
        Assert.Contains("answered 503", decision.Reason);
    }
}
