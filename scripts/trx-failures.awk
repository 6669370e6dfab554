# Prints each failed test of a TRX file with the first lines of its message and stack trace, so the end of a CI log
# names what broke (CI shows only the tail of the output).
function unescape(s) {
  gsub(/&quot;/, "\"", s); gsub(/&apos;/, "'", s); gsub(/&lt;/, "<", s); gsub(/&gt;/, ">", s); gsub(/&#xD;/, "", s); gsub(/&#xA;/, " ", s); gsub(/&amp;/, "\\&", s)
  return s
}
/<UnitTestResult / {
  failed = ($0 ~ /outcome="Failed"/)
  if (failed) {
    name = $0; sub(/.*testName="/, "", name); sub(/".*/, "", name)
    print "FAILED " unescape(name)
    shown = 0; inside = 0
  }
}
failed && /<(Message|StackTrace)>/ { inside = 1 }
failed && inside && shown < 12 {
  line = $0; gsub(/<\/?(Message|StackTrace|ErrorInfo)>/, "", line); sub(/^[ \t]+/, "", line); line = "    " line
  if (line !~ /^[ \t]*$/) { print unescape(line); shown++ }
}
failed && /<\/(Message|StackTrace)>/ { inside = 0 }
/<\/UnitTestResult>/ { failed = 0 }
