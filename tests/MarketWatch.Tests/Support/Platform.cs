// The tests drive Debian's Chromium and mount tmpfs volumes: they run on Linux, like the product.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
