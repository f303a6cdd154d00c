Attribute VB_Name = "RibbonB24"
' b24xl ribbon: every button of the B24 tab calls OnAction; Python decides what to do
' with the pressed button's id (addin/ribbon.py), so a new button needs no new VBA.
Option Explicit

Sub OnAction(control As IRibbonControl)
    RunPython "import addin.ribbon as r; r.dispatch('" & control.Id & "')"
End Sub
