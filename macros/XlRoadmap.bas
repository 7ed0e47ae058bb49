Attribute VB_Name = "XlRoadmap"
' Buttons of the xl-roadmap workbooks. Each Sub hands the calling workbook to Python through xlwings' RunPython;
' the logic lives in xl_roadmap.excel.buttons (the same use cases as the command line).
Option Explicit

Public Sub XlRoadmapValidate()
    RunPython "import xl_roadmap.excel.buttons as b; b.validate()"
End Sub

Public Sub XlRoadmapFlagDeadlines()
    RunPython "import xl_roadmap.excel.buttons as b; b.flag_deadlines()"
End Sub

Public Sub XlRoadmapConsolidate()
    RunPython "import xl_roadmap.excel.buttons as b; b.consolidate()"
End Sub
