package pdf

// WrapLine is wrapLine, for the tests of package pdf_test.
var WrapLine = wrapLine
