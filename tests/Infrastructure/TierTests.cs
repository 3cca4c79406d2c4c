using System.Reflection;

namespace Simulator.Tests.Infrastructure;

[Trait(Tier.Trait, Tier.Fast)]
public sealed class TierTests
{
    /// <summary>A test class without a tier would run in no tier of eng/test.sh: silently never.</summary>
    [Fact]
    public void Every_test_class_declares_one_known_tier()
    {
        var untiered = typeof(TierTests).Assembly.GetTypes()
            .Where(t => t.GetMethods().Any(m => m.GetCustomAttributes<FactAttribute>().Any()))
            .Where(t => TiersOf(t) is not [var tier] || !Tier.InOrder.Contains(tier))
            .Select(t => t.FullName);

        Assert.Empty(untiered);
    }

    private static string[] TiersOf(Type testClass) =>
        CustomAttributeData.GetCustomAttributes(testClass)
            .Where(a => a.AttributeType == typeof(TraitAttribute) && (string?)a.ConstructorArguments[0].Value == Tier.Trait)
            .Select(a => (string)a.ConstructorArguments[1].Value!)
            .ToArray();
}
