Attribute VB_Name = "XlRoadmap"
' Buttons of the xl-roadmap workbooks. Each Sub hands the calling workbook to Python through xlwings' RunPython;
' the logic lives in xl_roadmap.excel.buttons (the same use cases as the command line).
' RunPython comes from the module xlwings of this same project (xlwings' standalone module, embedded by the
' build): no reference to the xlwings add-in (Tools > References) is needed.
' Keep this file ASCII (or code page 1252): the compiled VBA project declares code page 1252.
Option Explicit

' Check this workbook and write the findings (with links to the offending cells) to the check sheet.
Public Sub XlRoadmapValidate()
    RunPython "import xl_roadmap.excel.buttons as b; b.validate()"
End Sub

' Work out the end date and state of every deadline as of the check date (or today).
Public Sub XlRoadmapFlagDeadlines()
    RunPython "import xl_roadmap.excel.buttons as b; b.flag_deadlines()"
End Sub

' Roll the workbooks of the configured folder up into this district workbook.
Public Sub XlRoadmapConsolidate()
    RunPython "import xl_roadmap.excel.buttons as b; b.consolidate()"
End Sub

' Ask for a Word document and import its roadmap into a new workbook beside it (opened when done).
Public Sub XlRoadmapImportWord()
    RunPython "import xl_roadmap.excel.buttons as b; b.import_word()"
End Sub
