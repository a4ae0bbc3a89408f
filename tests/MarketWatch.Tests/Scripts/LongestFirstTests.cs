using MarketWatch.Tests.Support;

namespace MarketWatch.Tests.Scripts;

/// <summary>The suite's collection order: the long collections first, in the listed order, then the rest as they came.</summary>
public class LongestFirstTests
{
    [Fact]
    public void Listed_collections_come_first_in_list_order_and_the_rest_keep_theirs()
    {
        var given = new[] { "Test collection for A.Quick", "workspace", "Test collection for B.Quick", "Test collection for MarketWatch.Tests.Jobs.SchedulingTests" };
        var ordered = LongestFirst.Order(given, n => n).ToList();
        Assert.Equal(["Test collection for MarketWatch.Tests.Jobs.SchedulingTests", "workspace", "Test collection for A.Quick", "Test collection for B.Quick"], ordered);
    }

    [Fact]
    public void Every_listed_name_is_a_test_class_or_a_collection_of_this_assembly()
    {
        var types = typeof(LongestFirst).Assembly.GetTypes();
        // [CollectionDefinition("name")] keeps its name only as the constructor's argument.
        var collections = types.SelectMany(t => t.GetCustomAttributesData()).Where(a => a.AttributeType == typeof(CollectionDefinitionAttribute))
            .Select(a => a.ConstructorArguments.FirstOrDefault().Value as string).OfType<string>().ToHashSet();
        var classes = types.Select(t => t.FullName).OfType<string>().ToHashSet();
        Assert.All(LongestFirst.Longest, name => Assert.True(classes.Contains(name) || collections.Contains(name), $"{name}: no such test class or collection (renamed?)"));
    }
}
