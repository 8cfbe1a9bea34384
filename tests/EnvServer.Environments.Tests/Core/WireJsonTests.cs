using System.Globalization;
using EnvServer.Environments.Core;
using EnvServer.Environments.Tests.Support;

namespace EnvServer.Environments.Tests.Core;

public class WireJsonTests
{
    [Theory]
    [InlineData(1.0, "1.0")]
    [InlineData(0.1, "0.1")]
    [InlineData(-2.5, "-2.5")]
    [InlineData(0.0, "0.0")]
    [InlineData(-0.0, "-0.0")]
    [InlineData(100.0, "100.0")]
    public void WriteFloat_FiniteValue_WritesFloatText(double value, string expected)
    {
        Assert.Equal($$"""{"x":{{expected}}}""", JsonText.Write(w => w.WriteFloat("x", value)));
    }

    [Theory]
    [InlineData(1e20)]
    [InlineData(1.5e-300)]
    [InlineData(double.MaxValue)]
    public void WriteFloat_ExtremeValue_RoundTripsAsFloat(double value)
    {
        var text = JsonText.ParseText(JsonText.Write(w => w.WriteFloat("x", value))).GetProperty("x").GetRawText();

        Assert.True(text.IndexOfAny(['.', 'E', 'e']) >= 0, text);
        Assert.Equal(value, double.Parse(text, CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void WriteFloat_NonFiniteValue_WritesNull(double value)
    {
        Assert.Equal("""{"x":null}""", JsonText.Write(w => w.WriteFloat("x", value)));
    }

    [Fact]
    public void WriteFloat_NullableWithoutValue_WritesNull()
    {
        Assert.Equal("""{"x":null}""", JsonText.Write(w => w.WriteFloat("x", (double?)null)));
    }

    [Fact]
    public void WriteFloatArray_MixedValues_WritesEachAsFloat()
    {
        Assert.Equal("""{"x":[1.0,0.25,null]}""", JsonText.Write(w => w.WriteFloatArray("x", [1.0, 0.25, double.NaN])));
    }
}
