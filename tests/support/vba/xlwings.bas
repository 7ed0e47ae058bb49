Attribute VB_Name = "xlwings"
' Test stand-in for xlwings' standalone module (tests only). xlwings.bas (and its Dictionary.cls) use
' conditional compilation and Windows and macOS APIs that LibreOffice's VBA engine cannot compile, so the test
' build of the VBA project carries this module and the class Recorder.cls instead: RunPython records the
' command it is given in the next free cell of column RECORD_COLUMN of the first sheet.
Option Explicit

Public Const RECORD_COLUMN As Long = 100

Public Function RunPython(PythonCommand As String)
    Dim log As Recorder
    Set log = New Recorder
    log.Column = RECORD_COLUMN
    log.Record PythonCommand
End Function
