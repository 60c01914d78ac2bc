#include <archive.h>
#include <archive_entry.h>
/* gzip of the finished tar: libdeflate is 1.7x faster than libarchive's zlib filter at level 1. */
#include <libdeflate.h>
