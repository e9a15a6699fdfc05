// The engine branch was cut before this target's tests were committed; main's tests replace this file on merge.
import Testing
