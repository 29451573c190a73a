using System.ComponentModel.DataAnnotations;
using Ingestion.Core.Documents.Sources;

namespace Ingestion.Core.Tests.Documents.Sources;

/// <summary>
/// Content read by reference is held in one array and, for a binary format, one base64 string: a limit above what
/// either can hold would fail every large reference at run time (and be retried as if the failure would pass).
/// </summary>
public sealed class SourceOptionsTests
{
    [Theory]
    [InlineData(512L * 1024 * 1024, true)]
    [InlineData((512L * 1024 * 1024) + 1, false)]
    [InlineData(3L * 1024 * 1024 * 1024, false)]
    public void MaxBytesStaysWithinWhatOneArrayAndItsBase64CanHold(long maxBytes, bool valid)
    {
        var options = new SourceOptions { MaxBytes = maxBytes };

        Assert.Equal(valid, Validator.TryValidateObject(options, new ValidationContext(options), null, validateAllProperties: true));
    }
}
