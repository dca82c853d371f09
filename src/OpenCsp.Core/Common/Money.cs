namespace OpenCsp.Core.Common;

/// <summary>Money rounding, in one place: amounts are decimals rounded half away from zero to whole cents.</summary>
public static class Money
{
    public static decimal RoundToCents(decimal amount) => Math.Round(amount, 2, MidpointRounding.AwayFromZero);
}
