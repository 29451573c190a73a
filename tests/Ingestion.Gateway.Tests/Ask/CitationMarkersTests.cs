using Ingestion.Gateway.Ask;

namespace Ingestion.Gateway.Tests.Ask;

public sealed class CitationMarkersTests
{
    [Theory]
    [InlineData("Cores are cooled with water [2].", new[] { 2 })]
    [InlineData("Water [3][1], and basins [1].", new[] { 3, 1 })]
    [InlineData("Both [1, 4] agree; see [2 , 3].", new[] { 1, 4, 2, 3 })]
    [InlineData("Not a citation: [a], [], [7] (out of range), array[0].", new int[0])]
    [InlineData("I do not know.", new int[0])]
    public void ReadsTheNumbersOfCitedPassagesInOrderOfFirstCitation(string answer, int[] expected)
    {
        Assert.Equal(expected, CitationMarkers.Used(answer, passageCount: 4));
    }
}
