"""What every stage stands on: work split over the cores, files written whole, digests of contents."""
