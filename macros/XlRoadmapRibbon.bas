Attribute VB_Name = "XlRoadmapRibbon"
' The ribbon tab of the xl-roadmap add-in (xl-roadmap.xlam, customUI/customUI.xml): one Sub per button, named by
' its onAction. Each hands over to xl_roadmap.excel.addin, which works on Excel's active workbook (in an add-in,
' xlwings' caller is the add-in itself).
' The buttons, Subs and Python functions are listed once, in xl_roadmap/spec/workbook.json -> addin; a test checks
' this file against that list.
' RunPython comes from the module xlwings of this same project (xlwings' standalone module, embedded by the
' build): no reference to the xlwings add-in is needed. IRibbonControl is in the Office library, referenced by
' the project.
' Keep this file ASCII (or code page 1252): the compiled VBA project declares code page 1252.
Option Explicit

' Check the active workbook and write the findings (with links to the offending cells).
Public Sub RibbonValidate(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.validate()"
End Sub

' Work out the end date and state of every deadline of the active workbook.
Public Sub RibbonFlagDeadlines(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.flag_deadlines()"
End Sub

' Ask for a folder and roll its workbooks up into the active roll-up workbook.
Public Sub RibbonConsolidate(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.consolidate()"
End Sub

' Ask for a Word document and import its roadmap into a new workbook.
Public Sub RibbonImportWord(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.import_word()"
End Sub

' Create a blank school workbook from the template.
Public Sub RibbonNewSchoolBook(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.new_school_book()"
End Sub

' Create a blank district roll-up workbook from the template.
Public Sub RibbonNewDistrictBook(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.new_district_book()"
End Sub

' Rewrite the active book, made with an older template version, into the current template (a copy beside it).
Public Sub RibbonUpgrade(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.upgrade()"
End Sub

' Make xl-roadmap's worksheet functions available in Excel.
Public Sub RibbonImportFunctions(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.import_functions()"
End Sub

' Show how to use the add-in.
Public Sub RibbonHelp(control As IRibbonControl)
    RunPython "import xl_roadmap.excel.addin as a; a.show_help()"
End Sub
